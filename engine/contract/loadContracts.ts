import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ContractFinding } from './contractFinding';
import { ContractError } from './contractFinding';
import { loadBuildSql } from './loadBuildSql';
import { parseContract } from './parseContract';
import type { ProductContract } from './types';

/**
 * Loads every contract of one domain (`<schemaDir>/<domain>/*.yaml`) or, without a domain, of all domains. Files are
 * listed explicitly and sorted, so the order (and the generated schema) is stable.
 * @throws ContractError with the findings of every invalid file, and when a file's `domain` differs from its folder.
 */
export async function loadContracts(schemaDir: string, domain?: string): Promise<ProductContract[]> {
  const { contracts, findings } = await readContracts(schemaDir, domain);
  if (findings.length) throw new ContractError(findings);
  return contracts;
}

/** Every contract that parsed, the findings of those that did not, and what the failed files would be named. */
export interface ReadContracts {
  contracts: ProductContract[];
  findings: ContractFinding[];
  /** `<domain>.<product>` of each file that did not parse, from its folder and file name. */
  unparsed: string[];
}

/**
 * Like {@link loadContracts} but never throws for an invalid contract: returns the ones that parsed alongside the
 * findings, so `tessera check` can lint the rest too. A file whose `domain` differs from its folder is both returned
 * and reported.
 */
export async function readContracts(schemaDir: string, domain?: string): Promise<ReadContracts> {
  const domains = domain ? [domain] : await listDomains(schemaDir);
  const contracts: ProductContract[] = [];
  const findings: ContractFinding[] = [];
  const unparsed: string[] = [];
  for (const d of domains) {
    const dir = join(schemaDir, d);
    const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
    for (const f of files) {
      const path = join(dir, f);
      const file = relative(process.cwd(), path) || path;
      try {
        const contract = await loadBuildSql(parseContract(file, await readFile(path, 'utf8')));
        if (contract.domain !== d) {
          findings.push({ file, path: '/domain', rule: 'domain/folder', message: `expected domain "${d}" (the folder it is in), found "${contract.domain}"` });
        }
        contracts.push(contract);
      } catch (err) {
        if (!(err instanceof ContractError)) throw err;
        findings.push(...err.findings);
        unparsed.push(`${d}.${f.replace(/\.ya?ml$/, '')}`);
      }
    }
  }
  return { contracts, findings, unparsed };
}

/** The domain folders under the schema directory: every folder holding at least one YAML contract. */
export async function listDomains(schemaDir: string): Promise<string[]> {
  const entries = await readdir(schemaDir, { withFileTypes: true });
  const domains: string[] = [];
  for (const e of entries.filter((x) => x.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const files = await readdir(join(schemaDir, e.name));
    if (files.some((f) => /\.ya?ml$/.test(f))) domains.push(e.name);
  }
  return domains;
}
