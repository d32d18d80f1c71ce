import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A TCP server that accepts connections and never answers: a store or subgraph that stalls. */
export interface StalledServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Connections accepted so far. */
  accepted: number;
  stop(): Promise<void>;
}

/** Starts a {@link StalledServer} on 127.0.0.1 port 0. */
export async function startStalledServer(): Promise<StalledServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    stalled.accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // Read and drop whatever comes; never write a byte back.
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const stalled: StalledServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    accepted: 0,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return stalled;
}
