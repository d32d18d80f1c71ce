import { groupKeys, numericColumns, orderableColumns, sumScalar } from '../model/aggregateModel';
import type { ColumnModel, ProductModel, ScalarName } from '../model/productModel';
import { aliasReason, apiColumns } from '../model/productModel';
import { deprecated, describe } from './sdlText';

function valuesType(name: string, doc: string, columns: ColumnModel[], scalar: (c: ColumnModel) => ScalarName): string {
  const fields = columns.map((c) => `  ${c.field}: ${scalar(c)}${deprecated(aliasReason(c))}`).join('\n');
  return `${describe(doc)}type ${name} {\n${fields}\n}`;
}

/**
 * The aggregate types of a product version: the `GroupBy` enum (columns and date grains), the group keys, and one
 * type per aggregate function. Functions without any column to apply to are left out.
 */
export function aggregateSdl(model: ProductModel): string {
  const t = model.typeName;
  const keys = groupKeys(model);
  const numeric = numericColumns(model);
  const orderable = orderableColumns(model);
  const parts = [
    `"Columns and date grains (_YEAR, _MONTH, _DAY) of ${t} to group by."\nenum ${t}GroupBy {\n${keys.map((k) => `  ${k.enumValue}${deprecated(aliasReason(k.column))}`).join('\n')}\n}`,
    `"The values a group shares: only the fields named in groupBy are set."\ntype ${t}AggregateKeys {\n${keys.map((k) => `  ${k.field}: ${k.scalar}${deprecated(aliasReason(k.column))}`).join('\n')}\n}`,
  ];
  const group = [`  keys: ${t}AggregateKeys!`, '  "Rows in the group."\n  count: Long!'];
  if (numeric.length) {
    parts.push(valuesType(`${t}Sums`, `Sums over the group (nulls ignored).`, numeric, sumScalar));
    parts.push(valuesType(`${t}Averages`, `Averages over the group (nulls ignored).`, numeric, () => 'Float'));
    group.push(`  sum: ${t}Sums!`, `  avg: ${t}Averages!`);
  }
  if (orderable.length) {
    parts.push(valuesType(`${t}Extremes`, `Smallest or largest value in the group (nulls ignored).`, orderable, (c) => c.scalar));
    group.push(`  min: ${t}Extremes!`, `  max: ${t}Extremes!`);
  }
  parts.push(valuesType(`${t}DistinctCounts`, `Number of distinct non-null values in the group.`, apiColumns(model), () => 'Long'));
  group.push(`  countDistinct: ${t}DistinctCounts!`);
  parts.push(`"One group of ${t} rows and its aggregates."\ntype ${t}AggregateGroup {\n${group.join('\n')}\n}`);
  return parts.join('\n\n');
}
