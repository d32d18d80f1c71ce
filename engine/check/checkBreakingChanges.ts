import type { SnapshotReader } from '../snapshot/snapshotReader';
import { breakingChanges } from '../contract/breakingChanges';
import type { ContractFinding } from '../contract/contractFinding';
import { lineLocator } from '../contract/lineInFile';
import type { ProductContract } from '../contract/types';

/**
 * Compares every non-retired version of every contract with the contract recorded in that version's latest committed
 * snapshot, and reports each breaking change (removed or retyped column, changed primary key) as a finding. A version
 * never published has nothing to break.
 */
export async function checkBreakingChanges(contracts: ProductContract[], reader: SnapshotReader): Promise<ContractFinding[]> {
  const findings: ContractFinding[] = [];
  const locate = lineLocator();
  for (const c of contracts) {
    for (const [i, v] of c.versions.entries()) {
      if (v.status === 'retired') continue;
      const latest = await reader.latest({ domain: c.domain, product: c.product, version: v.version });
      if (!latest) continue;
      for (const change of breakingChanges(latest.contract.version, v)) {
        const path = `/versions/${i}${change.path}`;
        findings.push({ file: c.file, path, line: await locate(c.file, path), rule: change.rule,
          message: `${change.message} (compared with snapshot ${latest.snapshotId})` });
      }
    }
  }
  return findings;
}
