import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client,
} from '@aws-sdk/client-s3';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { ObjectStore, ProgressListener, StoredObject } from './objectStore';
import { ObjectExistsError, ObjectNotFoundError } from './objectStore';

/** Connection settings for an S3-protocol store; unset fields fall back to the standard AWS environment. */
export interface S3StoreOptions {
  endpoint?: string;
  region?: string;
  forcePathStyle?: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Files larger than this are uploaded in parts of this size. @default 16 MiB */
  partSize?: number;
  /**
   * A request whose connection is not established within this, or whose socket then stays silent this long, fails
   * (and is retried by the client): a stalled server costs bounded time, never a request that waits forever.
   * @default 5000 to connect, 30000 silent
   */
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
}

/**
 * A store on S3 or any S3-protocol server (MinIO, s3rver), rooted at `s3://bucket/prefix`. Checksums are computed only
 * when required: non-AWS servers otherwise store aws-chunked framing inside streamed uploads.
 */
export class S3Store implements ObjectStore {
  readonly uri: string;
  private readonly client: S3Client;
  private readonly partSize: number;

  constructor(readonly bucket: string, readonly prefix: string, options: S3StoreOptions = {}) {
    this.uri = `s3://${bucket}/${prefix}`;
    this.partSize = options.partSize ?? 16 * 1024 * 1024;
    const config: S3ClientConfig = {
      region: options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: { connectionTimeout: options.connectionTimeoutMs ?? 5000, requestTimeout: options.requestTimeoutMs ?? 30_000, throwOnRequestTimeout: true },
    };
    this.client = new S3Client(config);
  }

  localPath(): undefined {
    return undefined;
  }

  async put(key: string, body: Buffer | string, options: { ifAbsent?: boolean } = {}): Promise<void> {
    try {
      await this.client.send(new PutObjectCommand({
        Bucket: this.bucket, Key: this.fullKey(key), Body: body, IfNoneMatch: options.ifAbsent ? '*' : undefined,
      }));
    } catch (err) {
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (options.ifAbsent && status === 412) throw new ObjectExistsError(key);
      throw err;
    }
  }

  async putFile(key: string, localPath: string, onProgress?: ProgressListener): Promise<void> {
    const { size } = await stat(localPath);
    if (size <= this.partSize) {
      // A single PUT with a known length: simplest for every S3-protocol server.
      await this.client.send(new PutObjectCommand({
        Bucket: this.bucket, Key: this.fullKey(key), Body: createReadStream(localPath), ContentLength: size,
      }));
      onProgress?.(size);
      return;
    }
    const upload = new Upload({
      client: this.client, partSize: this.partSize, queueSize: 4,
      params: { Bucket: this.bucket, Key: this.fullKey(key), Body: createReadStream(localPath) },
    });
    upload.on('httpUploadProgress', (p) => {
      if (p.loaded !== undefined) onProgress?.(p.loaded);
    });
    await upload.done();
  }

  async get(key: string): Promise<Buffer> {
    const body = await this.open(key);
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async getToFile(key: string, localPath: string): Promise<void> {
    const body = await this.open(key);
    await mkdir(dirname(localPath), { recursive: true });
    const tmp = `${localPath}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await pipeline(body, createWriteStream(tmp));
      await rename(tmp, localPath);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
  }

  async list(prefix: string): Promise<StoredObject[]> {
    const out: StoredObject[] = [];
    let token: string | undefined;
    // Bounded: a listing of more than 10,000 pages (10M objects) is a layout problem, not something to loop over.
    for (let page = 0; page < 10_000; page++) {
      const res = await this.client.send(new ListObjectsV2Command({
        Bucket: this.bucket, Prefix: this.fullKey(prefix), ContinuationToken: token,
      }));
      for (const o of res.Contents ?? []) {
        if (o.Key) out.push({ key: o.Key.slice(this.keyPrefix().length), size: o.Size ?? 0 });
      }
      if (!res.IsTruncated || !res.NextContinuationToken) break;
      token = res.NextContinuationToken;
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  async delete(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000).map((k) => ({ Key: this.fullKey(k) }));
      await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch, Quiet: true } }));
    }
  }

  /** Closes the client's sockets. */
  destroy(): void {
    this.client.destroy();
  }

  private async open(key: string): Promise<Readable> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.fullKey(key) }));
      return res.Body as Readable;
    } catch (err) {
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) throw new ObjectNotFoundError(key);
      throw err;
    }
  }

  private keyPrefix(): string {
    return this.prefix ? `${this.prefix.replace(/\/+$/, '')}/` : '';
  }

  private fullKey(key: string): string {
    return `${this.keyPrefix()}${key}`;
  }
}
