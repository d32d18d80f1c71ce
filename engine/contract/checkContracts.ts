import type { SnapshotReader } from '../snapshot/snapshotReader';
import { checkBreakingChanges } from './checkBreakingChanges';
import type { ContractFinding } from './contractFinding';
import { ContractError } from './contractFinding';
import { lintContracts } from './lintContracts';
import { loadContracts } from './loadContracts';
import type { ProductContract } from './types';

/** The outcome of `tessera check`: the contracts that parsed and every finding, in file order. */
export interface CheckResult {
  contracts: ProductContract[];
  findings: ContractFinding[];
}

/**
 * Everything `tessera check` checks: each contract against the JSON Schema and its own consistency; then, when all
 * parse, the cross-team lint rules and breaking changes against each version's latest committed snapshot (when a
 * reader is given). Never throws for a finding; it returns them all.
 */
export async function checkContracts(schemaDir: string, reader?: SnapshotReader): Promise<CheckResult> {
  let contracts: ProductContract[];
  try {
    contracts = await loadContracts(schemaDir);
  } catch (err) {
    if (err instanceof ContractError) return { contracts: [], findings: err.findings };
    throw err;
  }
  const findings = [...await lintContracts(contracts), ...(reader ? await checkBreakingChanges(contracts, reader) : [])];
  findings.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
  return { contracts, findings };
}
