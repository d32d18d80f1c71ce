import type { ContractFinding } from '../contract/contractFinding';
import { ContractError } from '../contract/contractFinding';
import { lineLocator } from '../contract/lineInFile';
import type { ProductContract } from '../contract/types';
import type { OwnersFile } from './ownersFile';
import { readOwners } from './ownersFile';

/**
 * Where the contracts name an owner handle the owners file does not list: a contract's `owner`, or one of its
 * `subscribers`. Each finding points at the contract's line and lists the known handles.
 */
export async function ownerFindings(owners: OwnersFile, contracts: readonly ProductContract[]): Promise<ContractFinding[]> {
  const line = lineLocator();
  const known = [...owners.owners.keys()].sort();
  const expected = `an owner handle listed in ${owners.file} (${known.join(', ') || 'none listed'})`;
  const findings: ContractFinding[] = [];
  for (const c of contracts) {
    if (!owners.owners.has(c.owner)) {
      findings.push({ file: c.file, path: '/owner', line: await line(c.file, '/owner'), rule: 'owners/unknown_owner', message: `expected ${expected}, found "${c.owner}"` });
    }
    for (const [i, s] of c.subscribers.entries()) {
      if (owners.owners.has(s)) continue;
      const path = `/subscribers/${i}`;
      findings.push({ file: c.file, path, line: await line(c.file, path), rule: 'owners/unknown_subscriber', message: `expected ${expected}, found "${s}"` });
    }
  }
  return findings;
}

/** The owners file's findings for `tessera check`: its parse errors, or the handles the contracts name but it lacks. */
export async function checkOwners(schemaDir: string, contracts: readonly ProductContract[]): Promise<ContractFinding[]> {
  try {
    return await ownerFindings(await readOwners(schemaDir), contracts);
  } catch (err) {
    if (err instanceof ContractError) return err.findings;
    throw err;
  }
}

/**
 * The owners file of `schemaDir`, checked against the contracts: what the monitor routes with.
 * @throws ContractError when it is missing, invalid or lacks a handle a contract names.
 */
export async function loadOwners(schemaDir: string, contracts: readonly ProductContract[]): Promise<OwnersFile> {
  const owners = await readOwners(schemaDir);
  const findings = await ownerFindings(owners, contracts);
  if (findings.length) throw new ContractError(findings);
  return owners;
}
