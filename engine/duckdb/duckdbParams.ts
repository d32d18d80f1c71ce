import { listValue } from '@duckdb/node-api';
import type { DuckDBValue } from '@duckdb/node-api';
import type { SqlParam } from '../query/queryPlan';

/** Statement parameters as DuckDB binds them: a list of values becomes one LIST value. */
export function duckdbParams(params: readonly SqlParam[]): DuckDBValue[] {
  return params.map((p) => (Array.isArray(p) ? listValue(p as readonly DuckDBValue[]) : (p as DuckDBValue)));
}
