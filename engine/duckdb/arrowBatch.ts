import type { DuckDBDataChunk, DuckDBValue } from '@duckdb/node-api';
import { DuckDBDateValue, DuckDBDecimalValue, DuckDBTimestampTZValue, DuckDBTimestampValue } from '@duckdb/node-api';
import type { Data, DataType } from 'apache-arrow';
import {
  Bool, DateDay, Decimal, Field, Float64, Int32, Int64, makeData, RecordBatch, Schema, Struct, TimeUnit, Timestamp, Utf8, vectorFromArray,
} from 'apache-arrow';
import { decimalParts } from '../contract/decimalType';
import type { ColumnModel } from '../model/productModel';

/**
 * The Arrow type of a column: the typed form of its GraphQL scalar. Int → int32, Long → int64, Float → float64,
 * Decimal → decimal128(p, s), Boolean → bool, Date → date32 (days), DateTime → timestamp[us, UTC] (without a time
 * zone, as stored, when `utc` is false), String → utf8.
 */
export function arrowType(column: ColumnModel, utc = true): DataType {
  switch (column.scalar) {
    case 'String': return new Utf8();
    case 'Int': return new Int32();
    case 'Long': return new Int64();
    case 'Float': return new Float64();
    case 'Boolean': return new Bool();
    case 'Date': return new DateDay();
    case 'DateTime': return new Timestamp(TimeUnit.MICROSECOND, utc ? 'UTC' : null);
    case 'Decimal': {
      const d = decimalParts(column.type);
      if (!d) throw new Error(`expected a decimal(p,s) type for ${column.name}, got ${column.type}`);
      return new Decimal(d.scale, d.precision, 128);
    }
  }
}

/**
 * The Arrow schema of an export: one nullable field per column, named as the export names it, after `text` fields
 * (a change feed's `_change`).
 */
export function arrowSchema(columns: readonly ColumnModel[], names: readonly string[], utc: boolean, text: readonly string[] = []): Schema {
  return new Schema([...text.map((name) => new Field(name, new Utf8(), false)), ...columns.map((c, i) => new Field(names[i]!, arrowType(c, utc), true))]);
}

/** Bit-packed validity: bit i set when value i is not null. */
function validity(values: readonly DuckDBValue[]): Uint8Array {
  const bits = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((v, i) => {
    if (v !== null) bits[i >> 3]! |= 1 << (i & 7);
  });
  return bits;
}

const MASK_64 = (1n << 64n) - 1n;

/** `value` as an instance of `kind`; anything else means the files do not hold the contract's type. */
function expect<T>(value: DuckDBValue, kind: new (...args: never[]) => T): T {
  if (value instanceof kind) return value;
  throw new Error(`expected a ${kind.name} from the snapshot's files, got ${typeof value === 'object' ? value?.constructor.name : typeof value}`);
}

/** One column of a chunk as Arrow data of `type`, from DuckDB's native values (exact: no value passes through text). */
function columnData(type: DataType, values: DuckDBValue[]): Data {
  const length = values.length;
  const nullBitmap = validity(values);
  if (type instanceof Utf8) return vectorFromArray(values.map((v) => (v === null ? null : String(v))), type).data[0]!;
  if (type instanceof Int32) return makeData({ type, length, nullBitmap, data: Int32Array.from(values, (v) => (v === null ? 0 : Number(v))) });
  if (type instanceof Float64) return makeData({ type, length, nullBitmap, data: Float64Array.from(values, (v) => (v === null ? 0 : Number(v))) });
  if (type instanceof Int64) return makeData({ type, length, nullBitmap, data: BigInt64Array.from(values, (v) => (v === null ? 0n : BigInt(v as bigint))) });
  if (type instanceof Bool) return makeData({ type, length, nullBitmap, data: validity(values.map((v) => (v === true ? true : null))) });
  if (type instanceof DateDay) {
    return makeData({ type, length, nullBitmap, data: Int32Array.from(values, (v) => (v === null ? 0 : expect(v, DuckDBDateValue).days)) });
  }
  if (type instanceof Timestamp) {
    const micros = (v: DuckDBValue): bigint => (v === null ? 0n : v instanceof DuckDBTimestampValue ? v.micros : expect(v, DuckDBTimestampTZValue).micros);
    return makeData({ type, length, nullBitmap, data: BigInt64Array.from(values, micros) });
  }
  if (type instanceof Decimal) {
    // 128-bit two's complement, little-endian: the low 64 bits, then the high 64 bits.
    const words = new BigUint64Array(length * 2);
    values.forEach((v, i) => {
      const n = v === null ? 0n : expect(v, DuckDBDecimalValue).value;
      words[2 * i] = n & MASK_64;
      words[2 * i + 1] = (n >> 64n) & MASK_64;
    });
    return makeData({ type, length, nullBitmap, data: new Uint32Array(words.buffer) });
  }
  throw new Error(`no Arrow conversion for ${String(type)}`);
}

/** A DuckDB result chunk as one Arrow record batch of `schema` (whose fields are the chunk's columns, in order). */
export function arrowBatch(schema: Schema, chunk: DuckDBDataChunk): RecordBatch {
  const children = chunk.getColumns().map((values, i) => columnData(schema.fields[i]!.type as DataType, values));
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: chunk.rowCount, nullCount: 0, children }));
}
