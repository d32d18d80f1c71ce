import { ErrorCode, TesseraError } from '../errors';
import type { AggregateFunction } from '../model/aggregateModel';
import { groupKeys, numericColumns, orderableColumns } from '../model/aggregateModel';
import type { ColumnGuard } from './planFilter';
import { planFilter } from './planFilter';
import type { ProductModel } from '../model/productModel';
import { apiColumns } from '../model/productModel';
import type { AggregatePlan, Measure, Source } from './queryPlan';

/** What an aggregate query asks for: `groupBy` enum values and the selected functions with their fields. */
export interface AggregateRequest {
  where?: unknown;
  groupBy?: string[] | null;
  /** Selected fields per function, e.g. `{ sum: ['amountCents'] }`. */
  selections: Partial<Record<AggregateFunction, string[]>>;
}

/**
 * Plans grouped aggregates. Group keys and measured columns go through `guard` like filters do.
 * @throws TesseraError BAD_USER_INPUT for unknown keys or fields, FORBIDDEN from `guard`.
 */
export function planAggregate(model: ProductModel, req: AggregateRequest, guard: ColumnGuard, source: Source, maxGroups: number): AggregatePlan {
  const keys = groupKeys(model);
  const groupBy = [...new Set(req.groupBy ?? [])].map((value) => {
    const key = keys.find((k) => k.enumValue === value);
    if (!key) throw new TesseraError(ErrorCode.BAD_USER_INPUT, `groupBy: expected a value of ${model.typeName}GroupBy, got "${value}"`);
    guard(key.column, 'group');
    return key;
  });
  const allowed: Record<AggregateFunction, typeof model.columns> = {
    sum: numericColumns(model), avg: numericColumns(model), min: orderableColumns(model), max: orderableColumns(model), countDistinct: apiColumns(model),
  };
  const measures: Measure[] = [];
  for (const [fn, fields] of Object.entries(req.selections) as [AggregateFunction, string[]][]) {
    for (const field of new Set(fields)) {
      const column = allowed[fn].find((c) => c.field === field);
      if (!column) throw new TesseraError(ErrorCode.BAD_USER_INPUT, `${fn}: expected a field it applies to, got "${field}"`);
      guard(column, 'measure');
      measures.push({ fn, column });
    }
  }
  return { source, filter: planFilter(model, req.where, guard), groupBy, measures, limit: maxGroups + 1 };
}
