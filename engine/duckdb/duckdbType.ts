import { decimalParts } from '../contract/decimalType';
import type { LogicalType } from '../contract/types';

/**
 * The DuckDB SQL type a contract's logical type is stored and queried as. Timestamps are `TIMESTAMP` holding UTC with
 * microsecond precision (parquet `TIMESTAMP_MICROS`); decimals keep their exact precision and scale.
 * @throws Error for a type outside the contract's vocabulary (the JSON Schema rules those out earlier).
 */
export function duckdbType(type: LogicalType): string {
  switch (type) {
    case 'string': return 'VARCHAR';
    case 'int32': return 'INTEGER';
    case 'int64': return 'BIGINT';
    case 'double': return 'DOUBLE';
    case 'boolean': return 'BOOLEAN';
    case 'date': return 'DATE';
    case 'timestamp': return 'TIMESTAMP';
    default: {
      const d = decimalParts(type);
      if (d) return `DECIMAL(${d.precision},${d.scale})`;
      throw new Error(`expected a logical type (string, int32, int64, double, decimal(p,s), boolean, date, timestamp), got "${String(type)}"`);
    }
  }
}

