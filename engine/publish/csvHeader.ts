import { open } from 'node:fs/promises';

/**
 * Reads the header record of a CSV file (comma-separated, `"` quoting with `""` escapes), so the file can then be read
 * with every column declared as text instead of letting a sniffer guess types.
 * @throws Error when the file is empty or its first 1 MiB holds no complete header record.
 */
export async function readCsvHeader(path: string): Promise<string[]> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(1024 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
    if (!text.trim()) throw new Error('expected a header line naming the columns, found an empty file');
    return parseRecord(text);
  } finally {
    await handle.close();
  }
}

function parseRecord(text: string): string[] {
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
  if (quoted) throw new Error('expected the header record to end, found an unterminated quote');
  fields.push(field);
  return fields;
}
