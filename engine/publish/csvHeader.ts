import { openInput } from './openInput';

/** How much of a file (decompressed) may come before the header record ends. */
const HEADER_LIMIT = 1024 * 1024;

/**
 * Reads the header record of a CSV file (comma-separated, `"` quoting with `""` escapes), decompressing `.gz`/`.zst`
 * files as their name says, so the file can then be read with every column declared as text instead of letting a
 * sniffer guess types.
 * @throws Error when the file is empty, cannot be decompressed, or its first 1 MiB holds no complete header record.
 */
export async function readCsvHeader(path: string): Promise<string[]> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  const stream = openInput(path);
  try {
    for await (const chunk of stream) {
      const buffer = chunk as Buffer;
      chunks.push(buffer);
      bytes += buffer.length;
      if (buffer.includes(0x0a) || bytes >= HEADER_LIMIT) {
        const text = Buffer.concat(chunks).subarray(0, HEADER_LIMIT).toString('utf8').replace(/^\uFEFF/, '');
        const record = parseRecord(text);
        if (record) return record;
      }
      if (bytes >= HEADER_LIMIT) break;
    }
  } finally {
    stream.destroy();
  }
  const text = Buffer.concat(chunks).subarray(0, HEADER_LIMIT).toString('utf8').replace(/^\uFEFF/, '');
  if (!text.trim()) throw new Error('expected a header line naming the columns, found an empty file');
  const record = parseRecord(text, true);
  if (!record) throw new Error('expected the header record to end, found an unterminated quote');
  return record;
}

/** The first record of `text`, or undefined when it does not end within the text (unless `atEnd`). */
function parseRecord(text: string, atEnd = false): string[] | undefined {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { fields.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') { fields.push(field); return fields; }
    else field += ch;
  }
  if (quoted || !atEnd) return undefined;
  fields.push(field);
  return fields;
}
