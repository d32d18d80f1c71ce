import type { ContractFinding } from './contractFinding';
import { lineLocator } from './lineInFile';
import type { ColumnContract, ProductContract } from './types';
import { currentVersion, qualifiedName } from './types';

const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/**
 * The conventions a data platform enforces across teams, over every contract at once: snake_case column names; `_id`
 * on primary-key and reference columns; `_at` on timestamps; `is_`/`has_` on booleans; product and entity names
 * unique across domains; references that resolve to a column of the referenced product's current version with the
 * same type. Retired versions are not linted: they are no longer served. A reference to a product listed in `unparsed`
 * (`<domain>.<product>` whose contract did not parse, already reported) is not reported as unresolved.
 */
export async function lintContracts(contracts: ProductContract[], unparsed: string[] = []): Promise<ContractFinding[]> {
  const findings: ContractFinding[] = [];
  const locate = lineLocator();
  const add = async (c: ProductContract, path: string, rule: string, message: string): Promise<void> => {
    findings.push({ file: c.file, path, line: await locate(c.file, path), rule, message });
  };
  for (const c of contracts) {
    for (const [rule, pick, what] of [['naming/unique_product', (x: ProductContract) => x.product, 'product'], ['naming/unique_entity', (x: ProductContract) => x.entity, 'entity']] as const) {
      const others = contracts.filter((o) => o !== c && pick(o) === pick(c)).map(qualifiedName);
      if (others.length) await add(c, what === 'product' ? '/product' : '/entity', rule, `expected ${what} name "${pick(c)}" to be unique across domains, found it also in ${others.join(', ')}`);
    }
    for (const [i, v] of c.versions.entries()) {
      if (v.status === 'retired') continue;
      for (const [j, col] of v.columns.entries()) {
        const at = `/versions/${i}/columns/${j}`;
        for (const [rule, message] of columnNaming(col, v.primaryKey.includes(col.name))) await add(c, `${at}/name`, rule, message);
        if (col.references) {
          const problem = referenceProblem(col, contracts, unparsed);
          if (problem) await add(c, `${at}/references`, 'references/resolve', problem);
        }
      }
    }
  }
  return findings;
}

function columnNaming(col: ColumnContract, inKey: boolean): [string, string][] {
  const out: [string, string][] = [];
  if (!SNAKE_CASE.test(col.name)) out.push(['naming/snake_case', `expected a snake_case column name (lower case words joined by _), found "${col.name}"`]);
  if ((inKey || col.references) && !col.name.endsWith('_id')) {
    out.push(['naming/id_suffix', `expected ${inKey ? 'primary-key' : 'reference'} column "${col.name}" to end in _id`]);
  }
  if (col.type === 'timestamp' && !col.name.endsWith('_at')) out.push(['naming/timestamp_suffix', `expected timestamp column "${col.name}" to end in _at`]);
  if (col.type === 'boolean' && !/^(is|has)_/.test(col.name)) out.push(['naming/boolean_prefix', `expected boolean column "${col.name}" to start with is_ or has_`]);
  return out;
}

function referenceProblem(col: ColumnContract, contracts: ProductContract[], unparsed: string[]): string | undefined {
  const ref = col.references!;
  const name = `${ref.domain}.${ref.product}.${ref.column}`;
  const target = contracts.find((o) => o.domain === ref.domain && o.product === ref.product);
  if (!target && unparsed.includes(`${ref.domain}.${ref.product}`)) return undefined;
  if (!target) return `expected "${name}" to name an existing product, found no contract ${ref.domain}.${ref.product}`;
  const version = currentVersion(target);
  const column = version.columns.find((x) => x.name === ref.column);
  if (!column) return `expected "${name}" to name a column of ${ref.domain}.${ref.product} v${version.version}, found no column "${ref.column}"`;
  if (column.type !== col.type) return `expected column "${col.name}" to have the type of ${name} (${column.type}), found ${col.type}`;
  return undefined;
}
