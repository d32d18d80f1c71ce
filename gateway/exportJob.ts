import type { IncomingMessage } from 'node:http';
import { ErrorCode } from '../engine/errors';
import { EXPORT_ROWS_HEADER, SERVED_PRODUCTS_HEADER } from '../engine/server/exportHandler';
import type { SnapshotPins } from '../engine/snapshot/snapshotPins';
import { servedOf } from './exportProxy';

/** Where export jobs keep their state and files in the store. */
export const EXPORT_JOBS_PREFIX = '_tessera/exports/';

/** The states of an export job. */
export type ExportJobState = 'running' | 'succeeded' | 'failed' | 'cancelled';

/** An export job as the store holds it (`_tessera/exports/<id>/job.json`). */
export interface ExportJob {
  id: string;
  /** The caller (API key subject) that started it: only it sees the job. */
  owner: string;
  state: ExportJobState;
  product: string;
  /** The export request as sent to the subgraph (its format resolved). */
  request: string;
  /** The snapshots the job reads: the request's pins when it started, whatever is published since. */
  pins: SnapshotPins;
  createdAt: string;
  /** When the job last reported: a running job silent for long lost its gateway and is started again. */
  updatedAt: string;
  expiresAt: string;
  /** Bytes of the file received so far. */
  bytesWritten: number;
  /** Rows of the file, once it is written. */
  rowsWritten?: number;
  size?: number;
  contentType?: string;
  filename?: string;
  /** What the export served (`x-tessera-products`). */
  products?: unknown;
  error?: { code: string; message: string };
}

/** Where a job's state is kept in the store. */
export const jobKey = (id: string): string => `${EXPORT_JOBS_PREFIX}${id}/job.json`;
/** Where a job's file is kept in the store. */
export const fileKey = (id: string): string => `${EXPORT_JOBS_PREFIX}${id}/file`;

/** The most of a subgraph's refusal of an export that is read to say why. */
export const MAX_REFUSAL_BYTES = 64 * 1024;

/** A header of a subgraph's answer, when it has one value. */
export function headerOf(res: IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  return typeof v === 'string' ? v : undefined;
}

/** Why a subgraph refused an export, from its GraphQL-style error body (a generic error when it has none). */
export function refusalOf(body: string | undefined): { code: string; message: string } {
  const generic = { code: ErrorCode.SUBGRAPH_UNAVAILABLE as string, message: 'the export failed' };
  try {
    const e = (JSON.parse(body ?? '') as { errors?: { message: string; extensions?: { code?: string } }[] }).errors?.[0];
    return e ? { code: e.extensions?.code ?? generic.code, message: e.message } : generic;
  } catch {
    return generic;
  }
}

/** What a subgraph's answer says of the file it exported: rows, type, name and the products it served. */
export function fileFacts(res: IncomingMessage): Pick<ExportJob, 'rowsWritten' | 'contentType' | 'filename' | 'products'> {
  return {
    rowsWritten: Number(headerOf(res, EXPORT_ROWS_HEADER) ?? NaN) || 0, contentType: headerOf(res, 'content-type'),
    filename: /filename="([^"]+)"/.exec(headerOf(res, 'content-disposition') ?? '')?.[1], products: servedOf(headerOf(res, SERVED_PRODUCTS_HEADER)),
  };
}
