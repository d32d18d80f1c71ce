import type { CheckResult } from './checkContracts';
import { checkContracts } from './checkContracts';
import type { SnapshotReader } from '../snapshot/snapshotReader';
import { checkOwners } from '../governance/checkOwners';

/**
 * Everything `tessera check` checks: the contracts and the domain registry ({@link checkContracts}), and the owners
 * file against the handles the contracts name ({@link checkOwners}). Findings sorted by file and line; never throws
 * for a finding.
 */
export async function checkHub(schemaDir: string, reader?: SnapshotReader): Promise<CheckResult> {
  const result = await checkContracts(schemaDir, reader);
  const findings = [...result.findings, ...await checkOwners(schemaDir, result.contracts)];
  findings.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
  return { contracts: result.contracts, findings };
}
