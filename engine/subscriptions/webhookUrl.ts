import { isIP } from 'node:net';

/** Longest webhook URL accepted. */
const MAX_WEBHOOK_URL_LENGTH = 2048;

function privateAddress(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) {
    const [a, b] = h.split('.').map(Number) as [number, number];
    return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  if (isIP(h) === 6) return h === '::1' || h === '::' || /^f[cd]/.test(h) || /^fe[89ab]/.test(h) || h.startsWith('::ffff:');
  return false;
}

/**
 * Why a webhook URL a key holder gives cannot be used, or undefined when it can: an absolute http(s) URL without
 * credentials, at most {@link MAX_WEBHOOK_URL_LENGTH} characters; outside local development https only, and not a
 * loopback, private or link-local address literal (the monitor would POST into the hub's own network). Host names
 * are not resolved here.
 */
export function webhookUrlProblem(text: string, localDevelopment: boolean): string | undefined {
  if (text.length > MAX_WEBHOOK_URL_LENGTH) return `expected a URL of at most ${MAX_WEBHOOK_URL_LENGTH} characters, got ${text.length}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `expected an absolute http(s) URL, got ${JSON.stringify(text.slice(0, 200))}`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `expected an http(s) URL, got one with scheme ${url.protocol.replace(':', '')}`;
  if (url.username || url.password) return 'expected a URL without credentials in it, got one with a user or password';
  if (localDevelopment) return undefined;
  if (url.protocol !== 'https:') return 'expected an https URL, got http (plain http is accepted in local development only)';
  if (privateAddress(url.hostname)) return `expected a public address, got ${url.hostname} (loopback, private and link-local addresses are refused)`;
  return undefined;
}
