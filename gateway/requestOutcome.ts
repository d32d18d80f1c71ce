/**
 * How a GraphQL request ended: `success`, `partial` when data came with errors, `error` when there is no data.
 * @param errors the response's errors and any the request raised before it had a response.
 */
export function requestOutcome(hasData: boolean, errors: number): 'success' | 'partial' | 'error' {
  return errors === 0 ? 'success' : hasData ? 'partial' : 'error';
}
