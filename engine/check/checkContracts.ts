import type { SnapshotReader } from '../snapshot/snapshotReader';
import { checkBreakingChanges } from './checkBreakingChanges';
import { checkBuilds } from './checkBuilds';
import { checkDomainRegistry } from '../contract/checkDomainRegistry';
import type { ContractFinding } from '../contract/contractFinding';
import { lintContracts } from '../contract/lintContracts';
import { readContracts } from '../contract/loadContracts';
import type { ProductContract } from '../contract/types';

/** The outcome of `tessera check`: the contracts that parsed and every finding, in file order. */
export interface CheckResult {
  contracts: ProductContract[];
  findings: ContractFinding[];
}

/**
 * Everything `tessera check` checks: each contract against the JSON Schema and its own consistency; the domain
 * registry (`schema/domains.yaml`) against the domain folders; and, over the
 * contracts that parsed (even when others did not), the cross-team lint rules, the builds from SQL and their layers
 * ({@link checkBuilds}), and breaking changes against each
 * version's latest committed snapshot (when a reader is given). References to a product whose contract did not parse
 * are not reported again. Never throws for a finding; it returns them all.
 */
export async function checkContracts(schemaDir: string, reader?: SnapshotReader): Promise<CheckResult> {
  const { contracts, findings: parsing, unparsed } = await readContracts(schemaDir);
  const findings = [
    ...parsing, ...await lintContracts(contracts, unparsed), ...(reader ? await checkBreakingChanges(contracts, reader) : []),
    ...await checkDomainRegistry(schemaDir), ...await checkBuilds(contracts),
  ];
  findings.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
  return { contracts, findings };
}
