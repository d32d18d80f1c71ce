import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request a receiver got, its signature checked with the Standard Webhooks library. */
export interface Received {
  path: string;
  id: string;
  timestamp: string;
  /** The parsed body, `{ type, timestamp, data }`. */
  body: { type: string; timestamp: string; data: Record<string, unknown> };
  /** True when `webhook-signature` verifies with the path's secret. */
  verified: boolean;
  /** The status the receiver answered. */
  status: number;
}

/** A local webhook receiver on 127.0.0.1, port 0. */
export interface Receiver {
  /** `http://127.0.0.1:<port>` */
  url: string;
  received: Received[];
  /** The types received on `path`, in order. */
  types(path: string): string[];
  stop(): Promise<void>;
}

/** A fresh Standard Webhooks secret, `whsec_<base64>`. */
export function newSecret(seed: string): string {
  return `whsec_${Buffer.from(`tessera-test-secret-${seed}`.padEnd(32, '.')).toString('base64')}`;
}

/**
 * Starts a receiver: every POST is verified with `secrets[path]` and recorded; `answer(request, nth)` gives the status
 * (default 200), `nth` counting the requests with the same webhook-id on that path, from 1.
 */
export async function startReceiver(secrets: Record<string, string>, answer: (r: Omit<Received, 'status'>, nth: number) => number = () => 200): Promise<Receiver> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      let verified = false;
      try {
        new Webhook(secrets[path] ?? newSecret('none')).verify(text, headers);
        verified = true;
      } catch {
        verified = false;
      }
      const r = { path, id: headers['webhook-id'] ?? '', timestamp: headers['webhook-timestamp'] ?? '', body: JSON.parse(text) as Received['body'], verified };
      const nth = received.filter((x) => x.path === path && x.id === r.id).length + 1;
      const status = answer(r, nth);
      received.push({ ...r, status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'not now');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    types: (path) => received.filter((r) => r.path === path).map((r) => r.body.type),
    stop: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
