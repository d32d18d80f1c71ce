import { ErrorCode, TesseraError } from '../errors';
import type { ScalarName } from '../model/productModel';
import { parseScalarValue } from './scalarValue';

/** The error of one value outside its scalar's domain; it costs that value only (null at its path). */
export function outOfRange(what: string, scalar: ScalarName, value: unknown): TesseraError {
  const shown = typeof value === 'string' && value.length > 60 ? `${value.slice(0, 57)}...` : String(value);
  return new TesseraError(ErrorCode.VALUE_OUT_OF_RANGE, `${what}: expected a value a ${scalar} can represent, got ${shown}`);
}

const NON_FINITE = new Set<unknown>(['NaN', 'Infinity', '-Infinity']);

/**
 * A value as the executor read it, checked against the domain of the scalar it is served as: the value itself (null stays
 * null) or a VALUE_OUT_OF_RANGE error for a non-finite double, an integer beyond Long, a date outside what the
 * scalars write. `what` names the value in the message.
 */
export function checkedValue(what: string, scalar: ScalarName, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (scalar === 'Float') return typeof value === 'number' && !NON_FINITE.has(value) ? value : outOfRange(what, scalar, value);
  try {
    parseScalarValue(scalar, value);
    return value;
  } catch {
    return outOfRange(what, scalar, value);
  }
}
