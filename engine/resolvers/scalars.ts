import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import type { ValueNode } from 'graphql';
import { isTesseraError } from '../errors';
import { formatDateTime, parseDateTime } from '../query/dateTimeText';
import { parseDecimal } from '../query/decimalText';
import { parseDate, parseLong } from '../query/scalarValue';

function asGraphQLError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (isTesseraError(err)) throw new GraphQLError(err.message, { extensions: { code: err.code } });
    throw err;
  }
}

function literal(node: ValueNode): unknown {
  if (node.kind === Kind.STRING) return node.value;
  if (node.kind === Kind.INT || node.kind === Kind.FLOAT) return node.value;
  return `(${node.kind})`;
}

/** Longs of at most 18 digits are within the 64-bit range: the engine's output passes through unchecked. */
const SAFE_LONG = /^-?\d{1,18}$/;
/** The wire form the SQL already produces for timestamps (see outputExpr): passed through as it is. */
const CANONICAL_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * `Long`: 64-bit integers as strings of digits on the wire (exact beyond 2^53); inputs accept a string of digits with
 * an optional sign, or an integer, within the signed 64-bit range (see parseLong).
 */
export const LongScalar = new GraphQLScalarType({
  name: 'Long',
  serialize: (v) => (typeof v === 'string' && SAFE_LONG.test(v) ? v : asGraphQLError(() => parseLong(typeof v === 'bigint' ? v.toString() : v))),
  parseValue: (v) => asGraphQLError(() => parseLong(v)),
  parseLiteral: (node) => asGraphQLError(() => parseLong(literal(node))),
});

/**
 * `Decimal`: exact decimals as strings (`"12.30"`); inputs keep every digit (see parseDecimal), and filters compare
 * them exactly with the column's values whatever its precision and scale.
 */
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  serialize: (v) => asGraphQLError(() => parseDecimal(v)),
  parseValue: (v) => asGraphQLError(() => parseDecimal(v)),
  parseLiteral: (node) => asGraphQLError(() => parseDecimal(literal(node))),
});

/** `Date`: `YYYY-MM-DD`, years 0001 to 9999. */
export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  serialize: (v) => asGraphQLError(() => parseDate(v)),
  parseValue: (v) => asGraphQLError(() => parseDate(v)),
  parseLiteral: (node) => asGraphQLError(() => parseDate(literal(node))),
});

/**
 * `DateTime`: ISO 8601 in UTC with microseconds on the wire; inputs with `Z`, `±HH:MM`, `±HHMM`, `±HH` or no offset,
 * held internally as canonical UTC text (`2026-11-21 06:01:32.123456`, plus any finer digits; see parseDateTime).
 */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (v) => (typeof v === 'string' && CANONICAL_DATETIME.test(v) ? v
    : asGraphQLError(() => formatDateTime(parseDateTime(v instanceof Date ? v.toISOString() : v)))),
  parseValue: (v) => asGraphQLError(() => parseDateTime(v)),
  parseLiteral: (node) => asGraphQLError(() => parseDateTime(literal(node))),
});

/** The custom scalars by name, for a resolver map. */
export const SCALARS = { Long: LongScalar, Decimal: DecimalScalar, Date: DateScalar, DateTime: DateTimeScalar };
