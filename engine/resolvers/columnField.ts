import type { GraphQLFieldResolver } from 'graphql';
import { isTesseraError } from '../errors';
import type { ColumnModel } from '../model/productModel';
import { checkedValue } from '../query/checkedValue';
import type { SubgraphContext } from '../queryEngine/requestContext';

/** Values as DuckDB renders in-domain doubles, dates and timestamps (see outputExpr): served without a closer look. */
const IN_DOMAIN: Partial<Record<ColumnModel['scalar'], (v: unknown) => boolean>> = {
  Float: (v) => typeof v === 'number',
  Date: (v) => typeof v === 'string' && /^(?!0000)\d{4}-\d{2}-\d{2}$/.test(v),
  DateTime: (v) => typeof v === 'string' && /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(v),
};

/** Whether a column's field needs its own resolver: pii columns, and types whose stored values may be out of domain. */
export function needsColumnField(column: ColumnModel): boolean {
  return column.pii || column.scalar in IN_DOMAIN;
}

/**
 * The resolver of a column's field: pii columns need the pii scope (FORBIDDEN otherwise), and a stored value its
 * scalar cannot represent (a NaN or infinite double, a date after 9999 in a snapshot published before publish refused
 * them) is VALUE_OUT_OF_RANGE at its path, costing that value only.
 */
export function columnField(column: ColumnModel): GraphQLFieldResolver<Record<string, unknown>, SubgraphContext> {
  const fast = IN_DOMAIN[column.scalar];
  return (row, _args, ctx) => {
    ctx.access.assertColumn(column);
    const value = row[column.field];
    if (!fast || value === null || value === undefined || fast(value)) return value;
    const checked = checkedValue(column.field, column.scalar, value);
    if (isTesseraError(checked)) throw checked.toGraphQLError();
    return checked;
  };
}
