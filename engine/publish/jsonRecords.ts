import { parse } from 'lossless-json';
import { openInput, uncompressedName } from './openInput';

/** A JSON number as written in the input (`0.00001`, `12345678901234.123456`, `1e999`), never through a double. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

/** One record of a JSON input: its value, or why it could not be read. */
export type JsonRecord =
  | { line: number; value: unknown }
  | { line: number; error: string; text: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

function parseValue(text: string): unknown {
  return parse(text, null, { parseNumber: (n) => new JsonNumber(n) });
}

function parsed(line: number, bytes: Buffer): JsonRecord | undefined {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { line, error: 'expected UTF-8 text, found bytes that are not', text: bytes.toString('utf8') };
  }
  if (line === 1) text = text.replace(/^\uFEFF/, '');
  if (!text.trim()) return undefined;
  try {
    return { line, value: parseValue(text) };
  } catch (err) {
    return { line, error: `expected a JSON value (${(err as Error).message})`, text };
  }
}

/**
 * The records of a JSON input, read from its bytes (decompressed as its name says) with every number kept as its
 * text. JSON lines (`.jsonl`, `.ndjson`) give one record per non-blank line, numbered by line, streamed. A `.json`
 * file is read whole: one array gives its elements, numbered from 1; one value (a pretty-printed object, say) is
 * record 1; anything else is read as JSON lines. A line that is not UTF-8 or not JSON (a duplicated key included) is
 * a record with an error, so it is reported with its line like any other bad row.
 * @throws Error when the file cannot be read or decompressed.
 */
export async function* jsonRecords(file: string): AsyncGenerator<JsonRecord> {
  const whole = /\.json$/i.test(uncompressedName(file));
  const stream = openInput(file);
  let pending: Buffer = Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let line = 0;
  try {
    for await (const chunk of stream) {
      const buffer = chunk as Buffer;
      if (whole) { chunks.push(buffer); continue; }
      pending = pending.length ? Buffer.concat([pending, buffer]) : buffer;
      let at: number;
      while ((at = pending.indexOf(0x0a)) >= 0) {
        const record = parsed(++line, trimCr(pending.subarray(0, at)));
        pending = pending.subarray(at + 1);
        if (record) yield record;
      }
    }
  } finally {
    stream.destroy();
  }
  if (whole) {
    yield* wholeRecords(Buffer.concat(chunks));
    return;
  }
  const last = pending.length ? parsed(++line, trimCr(pending)) : undefined;
  if (last) yield last;
}

/** The records of a whole `.json` file: an array's elements, a single value, or else its lines. */
function* wholeRecords(bytes: Buffer): Generator<JsonRecord> {
  let value: unknown;
  try {
    value = parseValue(decoder.decode(bytes).replace(/^\uFEFF/, ''));
  } catch {
    yield* lineRecords(bytes);
    return;
  }
  if (!Array.isArray(value)) {
    yield { line: 1, value };
    return;
  }
  for (const [i, v] of (value as unknown[]).entries()) yield { line: i + 1, value: v };
}

function* lineRecords(bytes: Buffer): Generator<JsonRecord> {
  let line = 0;
  let from = 0;
  while (from <= bytes.length) {
    const at = bytes.indexOf(0x0a, from);
    const end = at < 0 ? bytes.length : at;
    const record = parsed(++line, trimCr(bytes.subarray(from, end)));
    if (record) yield record;
    from = end + 1;
  }
}

function trimCr(bytes: Buffer): Buffer {
  return bytes.length && bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, bytes.length - 1) : bytes;
}

