/**
 * A count with its noun in the right number: `counted(1, 'row')` is `1 row`, `counted(3, 'row')` is `3 rows`; `plural`
 * for nouns that do not just take an s.
 */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
