import type { ServerResponse } from 'node:http';
import type { HeaderMap } from '@apollo/server';
import { ErrorCode, TesseraError } from '../engine/errors';
import { writeErrorResponse, writeJson, writeMethodNotAllowed } from '../engine/http/errorResponse';
import type { ExportJob } from './exportJob';
import type { ExportJobs } from './exportJobs';
import type { ExportCall } from './exportProxy';
import { contextOrRefusal } from './exportProxy';
import type { GatewayContext } from './gatewayContext';

/** The path of export jobs. */
export const EXPORTS_PATH = '/exports';

/** A job as a client sees it: its state, progress, and where to poll and download. */
function jobView(job: ExportJob): Record<string, unknown> {
  return {
    id: job.id, state: job.state, product: job.product, createdAt: job.createdAt, expiresAt: job.expiresAt,
    progress: { bytesWritten: job.bytesWritten, ...(job.rowsWritten !== undefined ? { rowsWritten: job.rowsWritten } : {}) }, statusUrl: `${EXPORTS_PATH}/${job.id}`,
    ...(job.state === 'succeeded' ? { size: job.size, contentType: job.contentType, download: `${EXPORTS_PATH}/${job.id}/file`, products: job.products } : {}),
    ...(job.error ? { error: job.error } : {}),
  };
}

/**
 * `POST /exports` (202 with the job and a `Location`), `GET /exports/<id>` (the job), `GET /exports/<id>/file` (the
 * file, once succeeded) and `DELETE /exports/<id>` (cancel): the caller identified and rate limited like any request,
 * and shown only its own jobs (another caller's id is NOT_FOUND).
 */
export async function exportJobsRoute(jobs: ExportJobs, context: (headers: HeaderMap, requestId: string, clientAddress: string) => Promise<GatewayContext>,
  method: string, path: string, call: ExportCall, res: ServerResponse): Promise<void> {
  const ctx = await contextOrRefusal(context, call, res);
  if (!ctx) return;
  const [, , id, file, ...rest] = path.split('/');
  try {
    if (!id) {
      if (method !== 'POST') return writeMethodNotAllowed(res, ['POST'], method, EXPORTS_PATH);
      const job = await jobs.create(ctx, call);
      return writeJson(res, 202, jobView(job), { location: `${EXPORTS_PATH}/${job.id}` });
    }
    if (rest.length || (file !== undefined && file !== 'file')) throw new TesseraError(ErrorCode.NOT_FOUND, `no route ${path}`);
    if (file === 'file') {
      if (method !== 'GET') return writeMethodNotAllowed(res, ['GET'], method);
      return await jobs.download(ctx, id, res);
    }
    if (method === 'GET') return writeJson(res, 200, jobView(await jobs.get(ctx, id)));
    if (method === 'DELETE') return writeJson(res, 200, jobView(await jobs.cancel(ctx, id)));
    return writeMethodNotAllowed(res, ['GET', 'DELETE'], method);
  } catch (err) {
    writeErrorResponse(res, err);
  }
}
