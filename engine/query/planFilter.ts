import { ErrorCode, TesseraError } from '../errors';
import { placeInColumn } from './columnDomain';
import type { ColumnModel, ProductModel } from '../model/productModel';
import { apiColumns } from '../model/productModel';
import type { CompareOp, FilterNode } from './queryPlan';
import { parseScalarValue } from './scalarValue';
import type { SqlValue } from './scalarValue';

/** What a request does with a column. */
export type ColumnUse = 'read' | 'filter' | 'sort' | 'group' | 'measure';

/** Throws when the caller may not use a column so (see the access policy, engine/access). */
export type ColumnGuard = (column: ColumnModel, use: ColumnUse) => void;

/** Bounds on a filter's size, so one request cannot make a statement of unbounded size. */
export const FILTER_LIMITS = { nodes: 500, listValues: 10_000 } as const;

const COMPARE: CompareOp[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'like', 'startsWith'];

function badInput(message: string): TesseraError {
  return new TesseraError(ErrorCode.BAD_USER_INPUT, message);
}

/**
 * Turns a `where` argument (`{ amountCents: { gte: "1000" }, or: [...], not: {...} }`) into a filter tree, checking
 * every value against its column's type. An explicit null operator value is refused (use `isNull`).
 * @throws TesseraError BAD_USER_INPUT for unknown fields or operators, bad values or a filter past FILTER_LIMITS;
 *   FORBIDDEN (from `guard`) for a column the caller may not read.
 */
export function planFilter(model: ProductModel, where: unknown, guard: ColumnGuard): FilterNode | undefined {
  if (where === undefined || where === null) return undefined;
  const byField = new Map(apiColumns(model).map((c) => [c.field, c]));
  let nodes = 0;
  const visit = (input: unknown, path: string): FilterNode => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) throw badInput(`${path}: expected an object of field conditions, got ${typeof input}`);
    const items: FilterNode[] = [];
    for (const [key, value] of Object.entries(input)) {
      if (++nodes > FILTER_LIMITS.nodes) throw badInput(`where: expected at most ${FILTER_LIMITS.nodes} conditions, got more`);
      if (value === undefined) continue;
      if (key === 'and' || key === 'or') {
        if (!Array.isArray(value)) throw badInput(`${path}.${key}: expected a list of filters`);
        items.push({ kind: key, items: value.map((v, i) => visit(v, `${path}.${key}[${i}]`)) });
      } else if (key === 'not') {
        if (value === null) throw badInput(`${path}.not: expected a filter, got null`);
        items.push({ kind: 'not', item: visit(value, `${path}.not`) });
      } else {
        const column = byField.get(key);
        if (!column) throw badInput(`${path}: expected a field of ${model.typeName}, got "${key}"`);
        if (value === null) continue;
        guard(column, 'filter');
        items.push(...columnConditions(column, value, `${path}.${key}`));
      }
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  };
  return visit(where, 'where');
}

function columnConditions(column: ColumnModel, ops: unknown, path: string): FilterNode[] {
  if (typeof ops !== 'object' || ops === null) throw badInput(`${path}: expected an object of operators, got ${typeof ops}`);
  const out: FilterNode[] = [];
  for (const [op, raw] of Object.entries(ops)) {
    if (raw === undefined) continue;
    if (raw === null) throw badInput(`${path}.${op}: expected a value, got null (use isNull to match nulls)`);
    const value = (v: unknown): SqlValue => parseScalarValue(column.scalar, v);
    if (op === 'isNull') {
      if (typeof raw !== 'boolean') throw badInput(`${path}.isNull: expected true or false`);
      out.push({ kind: 'isNull', column, isNull: raw });
    } else if (op === 'in' || op === 'notIn') {
      if (!Array.isArray(raw)) throw badInput(`${path}.${op}: expected a list`);
      if (raw.length > FILTER_LIMITS.listValues) throw badInput(`${path}.${op}: expected at most ${FILTER_LIMITS.listValues} values, got ${raw.length}`);
      // A value the column cannot hold equals no row: it drops out of the list.
      const held = raw.map(value).map((v) => placeInColumn(column, v).exact).filter((v) => v !== undefined);
      out.push({ kind: 'in', column, values: held, negated: op === 'notIn' });
    } else if ((COMPARE as string[]).includes(op)) {
      if ((op === 'like' || op === 'startsWith') && column.scalar !== 'String') throw badInput(`${path}.${op}: only applies to String fields`);
      out.push(compareNode(column, op as CompareOp, value(raw)));
    } else {
      throw badInput(`${path}: expected one of eq, ne, gt, gte, lt, lte, in, notIn, isNull, like, startsWith, got "${op}"`);
    }
  }
  return out;
}

const NOTHING: FilterNode = { kind: 'or', items: [] };

/**
 * A comparison with a value, exact whatever the value: one the column cannot hold (a decimal with more digits than
 * its scale or precision, a DateTime finer than a microsecond) compares as its neighbours in the column's domain say.
 */
function compareNode(column: ColumnModel, op: CompareOp, value: SqlValue): FilterNode {
  const place = placeInColumn(column, value);
  if (place.exact !== undefined) return { kind: 'compare', column, op, value: place.exact };
  switch (op) {
    case 'eq': return NOTHING;
    case 'ne': return { kind: 'isNull', column, isNull: false };
    case 'gt': case 'gte': return place.above === undefined ? NOTHING : { kind: 'compare', column, op: 'gte', value: place.above };
    case 'lt': case 'lte': return place.below === undefined ? NOTHING : { kind: 'compare', column, op: 'lte', value: place.below };
    default: throw new Error(`expected a comparison on a ${column.type} column, got ${op}`);
  }
}
