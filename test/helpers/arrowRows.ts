import type { Data, Table } from 'apache-arrow';
import { DataType } from 'apache-arrow';

/** 128-bit two's complement little-endian words → bigint. */
function int128(words: Uint32Array, i: number): bigint {
  let n = 0n;
  for (let w = 3; w >= 0; w--) n = (n << 32n) | BigInt(words[i * 4 + w]!);
  return n >= 1n << 127n ? n - (1n << 128n) : n;
}

function decimalText(unscaled: bigint, scale: number): string {
  const sign = unscaled < 0n ? '-' : '';
  const digits = (unscaled < 0n ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  return scale ? `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}` : `${sign}${digits}`;
}

/**
 * The rows of an Arrow table in GraphQL's wire forms, decoded from the Arrow buffers by the Arrow spec: int64 and
 * decimals as exact strings, dates as YYYY-MM-DD, timestamps as ISO 8601 UTC with microseconds.
 */
export function wireRows(table: Table): Record<string, unknown>[] {
  const columns = table.schema.fields.map((f) => {
    const chunks = table.getChild(f.name)!.data as Data[];
    const values: unknown[] = [];
    for (const d of chunks) {
      for (let i = 0; i < d.length; i++) {
        if (!d.getValid(i)) {
          values.push(null);
          continue;
        }
        const raw = d.values as ArrayLike<unknown>;
        const at = d.offset + i;
        if (DataType.isDecimal(f.type)) values.push(decimalText(int128(d.values as Uint32Array, at), f.type.scale));
        else if (DataType.isTimestamp(f.type)) {
          const us = raw[at] as bigint;
          const frac = ((us % 1_000_000n) + 1_000_000n) % 1_000_000n;
          const seconds = Number((us - frac) / 1_000_000n);
          values.push(`${new Date(seconds * 1000).toISOString().slice(0, 19)}.${String(frac).padStart(6, '0')}Z`);
        } else if (DataType.isDate(f.type)) values.push(new Date(Number(raw[at]) * 86_400_000).toISOString().slice(0, 10));
        else if (DataType.isInt(f.type) && f.type.bitWidth === 64) values.push(String(raw[at] as bigint));
        else values.push(table.getChild(f.name)!.get(values.length));
      }
    }
    return values;
  });
  return Array.from({ length: table.numRows }, (_, r) => Object.fromEntries(table.schema.fields.map((f, c) => [f.name, columns[c]![r]])));
}

