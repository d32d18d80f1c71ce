import { ErrorCode } from '../engine/errors';
import { MAX_VALUE_DEPTH } from './screenDocument';
import type { Refusal } from './screenDocument';

/**
 * Refuses request variables larger than `maxBytes` as JSON, nested deeper than {@link MAX_VALUE_DEPTH}, or holding a
 * string longer than `maxStringLength`: variables are coerced recursively by graphql-js and sent on to the subgraphs,
 * so their size is work. Iterative, so a value nested 100,000 deep is refused rather than overflowing the stack.
 * @returns the refusal, or undefined when the variables are within bounds (or absent).
 */
export function screenVariables(variables: unknown, maxBytes: number, maxStringLength: number): Refusal | undefined {
  if (variables === undefined || variables === null) return undefined;
  const stack: { value: unknown; depth: number }[] = [{ value: variables, depth: 0 }];
  let bytes = 0;
  while (stack.length) {
    const { value, depth } = stack.pop()!;
    if (typeof value === 'string') {
      bytes += value.length + 2;
      if (value.length > maxStringLength) {
        return { code: ErrorCode.QUERY_TOO_LARGE, message: `expected variable strings of at most ${maxStringLength} characters, got one of ${value.length}` };
      }
    } else if (value && typeof value === 'object') {
      if (depth > MAX_VALUE_DEPTH) {
        return { code: ErrorCode.QUERY_TOO_LARGE, message: `expected variable values nested at most ${MAX_VALUE_DEPTH} deep, got deeper` };
      }
      const entries = Array.isArray(value) ? value.map((v): [string, unknown] => ['', v]) : Object.entries(value);
      for (const [key, v] of entries) {
        bytes += key.length + 4;
        stack.push({ value: v, depth: depth + 1 });
      }
    } else {
      bytes += 8;
    }
    if (bytes > maxBytes) {
      return { code: ErrorCode.QUERY_TOO_LARGE, message: `expected variables of at most ${maxBytes} bytes as JSON, got more` };
    }
  }
  return undefined;
}
