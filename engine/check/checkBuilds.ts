import type { ContractFinding } from '../contract/contractFinding';
import { lintLayers } from '../contract/lintLayers';
import { lineLocator } from '../contract/lineInFile';
import type { ProductContract } from '../contract/types';
import { currentVersion, qualifiedName } from '../contract/types';
import { openDuckDB } from '../duckdb/openDuckDB';
import { hubLineage } from '../lineage/hubLineage';

/**
 * The checks of products built from SQL, over every contract that parsed: the SQL parses as one SELECT and reads only
 * products, versions and columns that exist and are live (`build/sql`, `build/lineage`, reported at their line in the
 * SQL file); its output columns are the current version's (`build/columns`); the contract's declared upstream names
 * no product of the hub that the SQL does not read (`build/upstream`); and the layer rules of {@link lintLayers} over
 * build inputs and declared upstream products. Parses with DuckDB's parser; never reads data.
 */
export async function checkBuilds(contracts: readonly ProductContract[]): Promise<ContractFinding[]> {
  const session = await openDuckDB({ threads: 1, memoryLimit: '256MB' });
  const lineage = await hubLineage(session.connection, contracts).finally(() => session.close());
  const findings: ContractFinding[] = [];
  const locate = lineLocator();
  const ids = new Set(contracts.map(qualifiedName));
  const reads = new Map<string, string[]>();
  for (const c of contracts) {
    const id = qualifiedName(c);
    const built = lineage.builds.get(id);
    const read = built?.inputs.map((i) => i.product) ?? [];
    reads.set(id, [...new Set([...read, ...c.lineage.upstream.filter((u) => ids.has(u))])]);
    if (!built || !c.build) continue;
    const sqlFile = c.build.path;
    for (const p of built.problems) {
      findings.push({ file: sqlFile, path: '', line: lineAt(c.build.text ?? '', p.position), rule: built.statement ? 'build/lineage' : 'build/sql', message: p.message });
    }
    if (!built.statement) continue;
    const version = currentVersion(c);
    const expected = version.columns.map((col) => col.name);
    const found = built.columns.map((col) => col.name).filter((n) => !n.startsWith('#'));
    const missing = expected.filter((n) => !found.some((f) => f.toLowerCase() === n.toLowerCase()));
    const unexpected = found.filter((f) => !expected.some((n) => f.toLowerCase() === n.toLowerCase()));
    if (missing.length || unexpected.length) {
      findings.push({
        file: c.file, path: '/build/sql', line: await locate(c.file, '/build/sql'), rule: 'build/columns',
        message: `expected ${c.build.sql} to return the columns of ${id} v${version.version} (${expected.join(', ')}), found ${found.join(', ') || 'none'}` +
          ` (${[missing.length ? `missing ${missing.join(', ')}` : '', unexpected.length ? `unexpected ${unexpected.join(', ')}` : ''].filter(Boolean).join('; ')})`,
      });
    }
    for (const [i, upstream] of c.lineage.upstream.entries()) {
      if (!ids.has(upstream) || read.includes(upstream)) continue;
      findings.push({
        file: c.file, path: `/lineage/upstream/${i}`, line: await locate(c.file, `/lineage/upstream/${i}`), rule: 'build/upstream',
        message: `expected declared upstream ${upstream} to be read by ${c.build.sql}, which reads ${read.join(', ') || 'no product'}; declare only sources outside the hub, or read it`,
      });
    }
  }
  return [...findings, ...await lintLayers(contracts, reads)];
}

/** The 1-based line of a character offset in a text. */
function lineAt(text: string, position: number | undefined): number | undefined {
  if (position === undefined) return undefined;
  return text.slice(0, position).split('\n').length;
}
