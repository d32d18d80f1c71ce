import type { ContractFinding } from './contractFinding';
import { lineLocator } from './lineInFile';
import type { Layer, ProductContract } from './types';
import { LAYERS, qualifiedName } from './types';

/**
 * The medallion rules, over what each product reads (`reads`: `<domain>.<product>` of its build inputs and declared
 * upstream products, by product id): a gold product may not read a bronze one directly (`layers/gold_reads_bronze`),
 * and no product may read a layer above its own (`layers/reads_higher`). Products without a layer, on either side, are
 * not judged.
 */
export async function lintLayers(contracts: readonly ProductContract[], reads: ReadonlyMap<string, readonly string[]>): Promise<ContractFinding[]> {
  const findings: ContractFinding[] = [];
  const locate = lineLocator();
  const byId = new Map(contracts.map((c) => [qualifiedName(c), c]));
  const rank = (l: Layer): number => LAYERS.indexOf(l);
  for (const c of contracts) {
    if (!c.layer) continue;
    for (const input of reads.get(qualifiedName(c)) ?? []) {
      const layer = byId.get(input)?.layer;
      if (!layer) continue;
      const add = async (rule: string, message: string): Promise<void> => {
        findings.push({ file: c.file, path: '/layer', line: await locate(c.file, '/layer'), rule, message });
      };
      if (c.layer === 'gold' && layer === 'bronze') {
        await add('layers/gold_reads_bronze', `expected gold product ${qualifiedName(c)} to read silver or gold products, found it reads bronze product ${input} directly`);
      } else if (rank(layer) > rank(c.layer)) {
        await add('layers/reads_higher', `expected ${c.layer} product ${qualifiedName(c)} to read products of layer ${c.layer} or below, found it reads ${layer} product ${input}`);
      }
    }
  }
  return findings;
}
