import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';

/**
 * `n` distinct ports free on 127.0.0.1 right now: each is listened on (port 0) until all are known, then released,
 * for a test that must declare ports before the servers that use them start.
 */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise<Server>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  })));
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}
