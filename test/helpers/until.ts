/**
 * Polls `probe` every 100 ms until it gives a value (a probe that throws counts as "not yet"); bounded by `tries`
 * (a minute by default), never a timing assertion.
 * @throws Error naming `what` when it never does.
 */
export async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, tries = 600): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await Promise.resolve().then(probe).catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
