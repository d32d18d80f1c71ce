import type { ScalarName } from '../model/productModel';

/** Federation spec version the generated subgraphs link to. */
export const FEDERATION_URL = 'https://specs.apollo.dev/federation/v2.7';

/** The filter input name of a scalar (`LongFilter`). */
export function filterInputName(scalar: ScalarName): string {
  return `${scalar}Filter`;
}

const SCALARS: [string, string][] = [
  ['Long', '64-bit integer, serialised as a string of digits so it stays exact beyond 2^53 (e.g. "9007199254740993"). Inputs accept a string of digits with an optional sign, or an integer of at most 2^53, within -9223372036854775808 to 9223372036854775807.'],
  ['Decimal', 'Exact decimal number, serialised as a string (e.g. "12.30"). Inputs keep every digit (an exponent such as "1.5e3" is allowed) and compare exactly with the column\'s values.'],
  ['Date', 'Calendar date, ISO 8601, from 0001-01-01 to 9999-12-31 (e.g. "2026-11-21").'],
  ['DateTime', 'Instant in time, ISO 8601 in UTC with microseconds (e.g. "2026-11-21T06:01:32.123456Z"), from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z. Inputs take Z, ±HH:MM, ±HHMM, ±HH or no offset (UTC) and any number of fraction digits, compared exactly.'],
];

const FILTER_SCALARS: ScalarName[] = ['String', 'Int', 'Long', 'Float', 'Decimal', 'Boolean', 'Date', 'DateTime'];

function filterInput(scalar: ScalarName): string {
  const ops = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'].map((op) => `  ${op}: ${scalar}`);
  ops.push(`  "Any of the values."\n  in: [${scalar}!]`, `  "None of the values (rows where the column is null do not match)."\n  notIn: [${scalar}!]`);
  ops.push('  "true: only rows where the column is null; false: only rows where it is not."\n  isNull: Boolean');
  if (scalar === 'String') {
    ops.push('  "SQL LIKE pattern: % matches any run of characters, _ any one character."\n  like: String');
    ops.push('  "Prefix match, no wildcards."\n  startsWith: String');
  }
  return `"Conditions on a ${scalar} column; all given conditions must hold."\ninput ${filterInputName(scalar)} {\n${ops.join('\n')}\n}`;
}

/**
 * The definitions every domain subgraph shares: federation link, custom scalars, per-scalar filter inputs, sort
 * direction, change kinds, page info and the `DataProduct` stub owned by the platform catalog.
 */
export function commonSdl(): string {
  const parts = [
    `extend schema @link(url: ${JSON.stringify(FEDERATION_URL)}, import: ["@key", "@shareable"])`,
    ...SCALARS.map(([name, doc]) => `${JSON.stringify(doc)}\nscalar ${name}`),
    ...FILTER_SCALARS.map(filterInput),
    '"Sort order. Nulls sort as the largest value: last when ascending, first when descending."\nenum SortDirection {\n  ASC\n  DESC\n}',
    '"How a row differs between two snapshots, matched by primary key."\nenum ChangeKind {\n  "Only in the later snapshot (`to`)."\n  ADDED\n  "Only in the earlier snapshot (`from`)."\n  REMOVED\n  "In both, with a column that differs."\n  CHANGED\n}',
    '"Where a page ends."\ntype PageInfo @shareable {\n  "Whether rows follow this page."\n  hasNextPage: Boolean!\n  "Cursor of the last row of this page; pass it as `after` for the next page."\n  endCursor: String\n}',
    '"A data product in the catalog (owned by the platform subgraph); `id` is `<domain>.<product>`."\ntype DataProduct @key(fields: "id", resolvable: false) {\n  id: ID!\n}',
  ];
  return parts.join('\n\n');
}
