import { ErrorCode, TesseraError } from '../errors';
import type { ExportFormat } from './planExport';
import { EXPORT_FORMATS } from './planExport';

interface MediaRange {
  type: string;
  q: number;
}

/** `text/csv;q=0.5, application/*` → media ranges, highest quality first (ties keep the header's order). */
function mediaRanges(accept: string): MediaRange[] {
  return accept.split(',').map((part) => {
    const [type = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return { type, q: q ? Number(q.slice(2)) : 1 };
  }).filter((r) => r.type && Number.isFinite(r.q) && r.q > 0).sort((a, b) => b.q - a.q);
}

function matches(range: string, format: ExportFormat): boolean {
  const type = EXPORT_FORMATS[format].contentType.split(';')[0]!;
  if (range === '*/*' || range === type) return true;
  return range.endsWith('/*') && type.startsWith(range.slice(0, -1));
}

/**
 * The export format for a request's `format` and `Accept` header (roapi's convention): `format` when given, else the
 * most preferred media type of `Accept` that an export can be (`application/vnd.apache.parquet`, `text/csv`,
 * `application/x-ndjson`, `application/vnd.apache.arrow.stream`; `*\/*` is parquet), else undefined (the default).
 * A `format` the `Accept` header rules out is refused too.
 * @throws TesseraError NOT_ACCEPTABLE (406) when `Accept` names no type an export can be, or excludes `format`.
 */
export function negotiateExportFormat(format: unknown, accept: string | undefined): ExportFormat | undefined {
  if (!accept?.trim()) return undefined;
  const ranges = mediaRanges(accept);
  const formats = Object.keys(EXPORT_FORMATS) as ExportFormat[];
  if (typeof format === 'string' && format in EXPORT_FORMATS) {
    if (ranges.some((r) => matches(r.type, format as ExportFormat))) return format as ExportFormat;
    throw notAcceptable(accept, `format "${format}" (${EXPORT_FORMATS[format as ExportFormat].contentType.split(';')[0]})`);
  }
  if (format !== undefined) return undefined;
  for (const r of ranges) {
    // `*/*` and `application/*` mean the default; a specific type picks its format.
    if (r.type === '*/*') return 'parquet';
    const found = formats.find((f) => matches(r.type, f));
    if (found) return found;
  }
  throw notAcceptable(accept, `one of ${formats.map((f) => EXPORT_FORMATS[f].contentType.split(';')[0]).join(', ')}`);
}

function notAcceptable(accept: string, expected: string): TesseraError {
  return new TesseraError(ErrorCode.NOT_ACCEPTABLE, `Accept: expected a media type that allows ${expected}, got ${JSON.stringify(accept.slice(0, 200))}`);
}
