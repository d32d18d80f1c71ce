/** Precision and scale of a `decimal(p,s)` logical type, or undefined for any other type. */
export function decimalParts(type: string): { precision: number; scale: number } | undefined {
  const m = /^decimal\((\d+),(\d+)\)$/.exec(type);
  return m ? { precision: Number(m[1]), scale: Number(m[2]) } : undefined;
}
