/**
 * The URL of a server this machine listens on: IPv6 hosts in brackets, and the wildcard addresses (`0.0.0.0`, `::`)
 * replaced by loopback, since they can be listened on but not connected to.
 */
export function localUrl(host: string, port: number, path = ''): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}${path}`;
}
