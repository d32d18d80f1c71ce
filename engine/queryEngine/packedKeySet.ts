/** What a key check needs of a set of key texts. */
export interface KeyMembership {
  has(key: string): boolean;
}

/** 32-bit FNV-1a over `bytes[start, end)`. */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

/** Whether `a[aStart, aEnd)` holds the same bytes as `b[bStart, bEnd)`. */
function sameBytes(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let i = 0; i < bEnd - bStart; i++) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}

/** Probes encode their key here (one allocation per process, not per probe); longer keys get their own buffer. */
const scratch = Buffer.allocUnsafe(1024);

/**
 * A UTF-16 code unit of a surrogate pair without its other half. UTF-8 encodes every such unit as U+FFFD, so texts
 * holding one are kept apart, as strings, for the byte comparison to stay exact.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Smallest power of two of at least twice `n` slots (load factor ≤ 0.5, so probes stay short). */
function tableSize(n: number): number {
  let size = 2;
  while (size < n * 2) size *= 2;
  return size;
}

/**
 * A set of key texts held in three flat arrays instead of one string object and hash entry per key: every key's
 * UTF-8 bytes one after another, where each key starts, and an open-addressing table of key numbers by hash. Exact:
 * a probe compares bytes, and the rare text with a lone surrogate is held as a string. A key takes 12–20 bytes plus
 * its UTF-8 text; in a `Set<string>` an eight-character key takes ~56 (2M of them: 41 MB against 113 MB).
 */
export class PackedKeySet implements KeyMembership {
  private readonly bytes: Buffer;
  /** Key i's bytes are `bytes[starts[i], starts[i + 1])`. */
  private readonly starts: Uint32Array;
  /** Key number + 1 by slot; 0 is an empty slot. */
  private readonly table: Uint32Array;
  /** The texts UTF-8 cannot hold exactly (a lone surrogate). */
  private readonly malformed = new Set<string>();
  /** How many distinct keys the set holds. */
  readonly size: number;

  /** @param keys the key texts; repeated texts are held once. */
  constructor(keys: readonly string[]) {
    let total = 0;
    for (const key of keys) total += Buffer.byteLength(key, 'utf8');
    if (total > 0xffffffff) throw new RangeError(`expected at most 4 GiB of key text for a packed key set, got ${total} bytes`);
    this.bytes = Buffer.allocUnsafe(total);
    this.starts = new Uint32Array(keys.length + 1);
    this.table = new Uint32Array(tableSize(keys.length));
    let offset = 0;
    let count = 0;
    for (const key of keys) {
      if (LONE_SURROGATE.test(key)) {
        this.malformed.add(key);
        continue;
      }
      const end = offset + this.bytes.write(key, offset, 'utf8');
      const slot = this.slotOf(this.bytes, offset, end);
      if (this.table[slot] !== 0) continue;
      this.starts[count] = offset;
      this.starts[count + 1] = end;
      this.table[slot] = count + 1;
      count += 1;
      offset = end;
    }
    this.size = count + this.malformed.size;
  }

  /** Whether `key` is one of the set's texts. */
  has(key: string): boolean {
    if (LONE_SURROGATE.test(key)) return this.malformed.has(key);
    // A key of n UTF-16 units takes at most 3n bytes in UTF-8.
    const probe = key.length * 3 > scratch.length ? Buffer.allocUnsafe(key.length * 3) : scratch;
    return this.table[this.slotOf(probe, 0, probe.write(key, 0, 'utf8'))] !== 0;
  }

  /** The slot holding the key whose bytes are `bytes[start, end)`, or the empty slot where it would go. */
  private slotOf(bytes: Uint8Array, start: number, end: number): number {
    const mask = this.table.length - 1;
    let slot = hashBytes(bytes, start, end) & mask;
    for (let at = this.table[slot]!; at !== 0; slot = (slot + 1) & mask, at = this.table[slot]!) {
      if (sameBytes(this.bytes, this.starts[at - 1]!, this.starts[at]!, bytes, start, end)) break;
    }
    return slot;
  }

  /** Bytes the set's arrays take. */
  get byteLength(): number {
    return this.bytes.length + this.starts.byteLength + this.table.byteLength;
  }
}
