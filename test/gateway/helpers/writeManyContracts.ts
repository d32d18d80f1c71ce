import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What {@link writeManyContracts} wrote: product ids and each one's declared upstream. */
export interface ManyContracts {
  ids: string[];
  upstream: Map<string, string[]>;
}

/**
 * Writes `count` small contracts into `dir` (`<dir>/d<NN>/p<NNNN>.yaml`, ten domains, and `domains.yaml`): in each
 * domain a chain where every product reads the one before it, every seventh also reads the previous product of the next domain,
 * and each chain starts from an external source. Owners are `team-<domain>`.
 */
export async function writeManyContracts(dir: string, count: number): Promise<ManyContracts> {
  const domains = Array.from({ length: 10 }, (_, i) => `d${String(i).padStart(2, '0')}`);
  const ids: string[] = [];
  const upstream = new Map<string, string[]>();
  const idOf = (d: number, k: number): string => `${domains[d]}.p${String(k).padStart(4, '0')}`;
  for (let n = 0; n < count; n += 1) {
    const d = n % domains.length;
    const k = Math.floor(n / domains.length);
    const id = idOf(d, k);
    const sources = k === 0 ? [`src.feed_${d}`] : [idOf(d, k - 1)];
    if (k % 7 === 3) sources.push(idOf((d + 1) % domains.length, k - 1));
    ids.push(id);
    upstream.set(id, sources);
    await mkdir(join(dir, domains[d]!), { recursive: true });
    await writeFile(join(dir, domains[d]!, `p${String(k).padStart(4, '0')}.yaml`), [
      `product: p${String(k).padStart(4, '0')}`, `domain: ${domains[d]}`, `owner: team-${domains[d]}`,
      `description: Generated product ${k} of ${domains[d]}.`, 'freshness: { warnAfter: 26h, errorAfter: 48h }',
      `lineage: { upstream: [${sources.join(', ')}] }`, 'versions:', '  - version: 1', '    status: current', '    primaryKey: [id]',
      '    columns:', '      - { name: id, type: int64 }', '      - { name: value, type: double }', '',
    ].join('\n'));
  }
  await writeFile(join(dir, 'domains.yaml'), `subgraphs:\n${domains.map((d, i) => `  ${d}: { port: ${5100 + i} }`).join('\n')}\n  platform: { port: 5199 }\n`);
  return { ids: ids.sort(), upstream };
}
