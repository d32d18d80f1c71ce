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
 * text: JSON lines (`.jsonl`, `.ndjson`, and `.json` not starting with `[`) give one record per non-blank line,
 * numbered by line; a `.json` file holding one array gives its elements, numbered from 1. A line that is not UTF-8 or
 * not JSON (a duplicated key included) is a record with an error, so it is reported with its line like any other bad
 * row.
 * @throws Error when a JSON array file is not UTF-8 or not valid JSON as a whole.
 */
export async function* jsonRecords(file: string): AsyncGenerator<JsonRecord> {
  const isJson = /\.json$/i.test(uncompressedName(file));
  const stream = openInput(file);
  let pending: Buffer = Buffer.alloc(0);
  let line = 0;
  let array: Buffer[] | undefined;
  try {
    for await (const chunk of stream) {
      const buffer = chunk as Buffer;
      if (array) { array.push(buffer); continue; }
      pending = pending.length ? Buffer.concat([pending, buffer]) : buffer;
      if (line === 0 && isJson && /^(\uFEFF|\s)*\[/.test(pending.subarray(0, 64).toString('utf8'))) {
        array = [pending];
        continue;
      }
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
  if (array) {
    yield* arrayRecords(Buffer.concat(array));
    return;
  }
  const last = pending.length ? parsed(++line, trimCr(pending)) : undefined;
  if (last) yield last;
}

function* arrayRecords(bytes: Buffer): Generator<JsonRecord> {
  let text: string;
  try {
    text = decoder.decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new Error('expected UTF-8 text, found bytes that are not');
  }
  const value = parseValue(text);
  if (!Array.isArray(value)) throw new Error('expected a JSON array of records or JSON lines');
  for (const [i, v] of (value as unknown[]).entries()) yield { line: i + 1, value: v };
}

function trimCr(bytes: Buffer): Buffer {
  return bytes.length && bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, bytes.length - 1) : bytes;
}

