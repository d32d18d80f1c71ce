const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * Parses a contract duration (`30s`, `30m`, `26h`, `7d`) to milliseconds.
 * @throws Error when the text is not a whole number followed by s, m, h or d.
 */
export function parseDuration(text: string): number {
  const match = /^([0-9]+)(s|m|h|d)$/.exec(text);
  if (!match) throw new Error(`expected a duration such as 30s, 30m, 26h or 7d, got "${text}"`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}
