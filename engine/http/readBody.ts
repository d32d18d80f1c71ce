import type { IncomingMessage } from 'node:http';

/**
 * Reads a request body of at most `max` bytes; resolves `undefined` as soon as it is known to be larger (from its
 * `content-length`, or once more arrived). The rest of a too-large body is then read and dropped rather than the
 * connection destroyed, so the client receives the 413 instead of a reset (Node drains it once the answer is sent).
 */
export function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= max) {
        chunks.push(chunk);
        return;
      }
      done();
      // Keep the stream flowing with nothing listening: the remaining bytes are read and dropped.
      req.resume();
      resolve(undefined);
    };
    const onEnd = (): void => {
      done();
      resolve(Buffer.concat(chunks));
    };
    const onError = (err: Error): void => {
      done();
      reject(err);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
