/**
 * `fn` over `items`, at most `batch` at a time, results in the order of `items`: so reading a long outbox never
 * opens thousands of store requests at once.
 */
export async function mapInBatches<T, R>(items: readonly T[], batch: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += batch) results.push(...await Promise.all(items.slice(i, i + batch).map(fn)));
  return results;
}
