import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { RequestClaims } from '../auth/requestSignature';
import { isTesseraError } from '../errors';
import { writeErrorResponse } from '../http/errorResponse';
import { createRequestContext } from '../queryEngine/requestContext';
import type { QueryEngine } from '../queryEngine/queryEngine';
import { EXPORT_FORMATS } from '../query/planExport';
import type { ReportedUsage } from '../usage/reportedUsage';
import { USAGE_HEADER } from '../usage/reportedUsage';

/** The path a domain subgraph (and the gateway, for callers) serves exports on. */
export const EXPORT_PATH = '/export';

/** Response header carrying the number of rows the export's file holds. */
export const EXPORT_ROWS_HEADER = 'x-tessera-rows';

/** Response header carrying what the export served, as JSON: the same records as `extensions.tessera.products`. */
export const SERVED_PRODUCTS_HEADER = 'x-tessera-products';

/**
 * Streams a filtered slice of one product version as a file (parquet, CSV, JSON lines or an Arrow stream): DuckDB
 * writes it (with `COPY`, or chunk by chunk into Arrow record batches) straight from the snapshot's files, reading
 * only the requested columns and the row groups the filter can match, and the file is streamed to the caller and
 * removed. The bulk path for notebooks: one request instead of thousands of pages. What it read goes to the gateway's
 * usage log in the `x-tessera-usage` header (the gateway does not pass it on). Errors are JSON `{ errors: [{ message, extensions: { code } }] }` with a matching status.
 */
export function exportHandler(engine: QueryEngine) {
  return async (body: unknown, claims: RequestClaims, res: ServerResponse): Promise<void> => {
    const identity = claims.identity;
    // Without `snapshot` or `asOf` the export reads the snapshot the gateway pinned for the request.
    const ctx = createRequestContext(identity, undefined, claims.pins);
    const dir = await mkdtemp(join(tmpdir(), 'tessera-export-'));
    try {
      // The file is written whole before the answer starts: stop the engine if the caller goes away meanwhile.
      const gone = new AbortController();
      const abandon = (): void => gone.abort();
      res.once('close', abandon);
      let written: Awaited<ReturnType<QueryEngine['export']>>;
      const target = join(dir, 'export');
      try {
        written = await engine.export(ctx, body, target, gone.signal);
      } finally {
        res.off('close', abandon);
      }
      const format = EXPORT_FORMATS[written.plan.format];
      const { size } = await stat(target);
      const m = written.manifest;
      const { model, columns } = written.plan;
      const usage: ReportedUsage = {
        fields: columns.map((c) => ({ product: model.qualified, version: model.version.version, field: c.field, column: c.name })),
        scans: await ctx.usage.settled(),
      };
      res.writeHead(200, {
        'content-type': format.contentType,
        'content-length': size,
        'content-disposition': `attachment; filename="${m.domain}.${m.product}.v${m.version}.${m.snapshotId}.${format.extension}"`,
        [SERVED_PRODUCTS_HEADER]: JSON.stringify([...ctx.served.values()]),
        [EXPORT_ROWS_HEADER]: String(written.rows),
        [USAGE_HEADER]: JSON.stringify(usage),
      });
      await pipeline(createReadStream(target), res);
    } catch (err) {
      writeErrorResponse(res, err);
      // An unexpected failure is answered masked, and logged by the server.
      if (!isTesseraError(err)) throw err;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
}
