let last = 0;

/**
 * A strictly increasing use time in milliseconds (Date.now(), or one more than the last time handed out): two uses in
 * one millisecond still order. Shared by the snapshot cache and its companions in one process, so "least recently
 * used" means the same across both.
 */
export function nextUseTime(): number {
  last = Math.max(last + 1, Date.now());
  return last;
}
