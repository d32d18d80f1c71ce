import type { TestHub } from './helpers/startTestHub';
import { startTestHub } from './helpers/startTestHub';

// How the gateway serves the data health page's files: its own origin only, revalidated by ETag, GET and HEAD only.
describe('the data health page over HTTP', () => {
  let hub: TestHub;
  let origin: string;

  beforeAll(async () => {
    hub = await startTestHub();
    origin = new URL(hub.gateway.url).origin;
  });

  afterAll(async () => {
    await hub?.stop();
  });

  it('serves the page with a policy that lets it load nothing from elsewhere', async () => {
    const res = await fetch(`${origin}/catalog`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const html = await res.text();
    // Every script and style the page names is on the gateway, and answers.
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((r) => !r.startsWith('data:') && !r.startsWith('#'));
    expect(refs).toEqual(expect.arrayContaining(['/catalog/assets/catalog.css', '/catalog/assets/dagre.min.js', '/catalog/assets/main.js']));
    for (const ref of refs) {
      expect(ref.startsWith('/')).toBe(true);
      const asset = await fetch(`${origin}${ref}`, { headers: { accept: 'text/html' } });
      expect([ref, asset.status]).toEqual([ref, 200]);
    }
  });

  it('serves every module the page imports, and the layout library from node_modules', async () => {
    const seen = new Set<string>();
    const queue = ['main.js'];
    while (queue.length) {
      const name = queue.shift()!;
      if (seen.has(name)) continue;
      seen.add(name);
      const res = await fetch(`${origin}/catalog/assets/${name}`);
      expect([name, res.status, res.headers.get('content-type')]).toEqual([name, 200, 'text/javascript; charset=utf-8']);
      for (const m of (await res.text()).matchAll(/^import [^'"]*'\.\/([\w.]+)'/gm)) queue.push(m[1]!);
    }
    expect(seen.size).toBeGreaterThan(3);
    const dagre = await fetch(`${origin}/catalog/assets/dagre.min.js`);
    expect(await dagre.text()).toMatch(/var dagre=/);
  });

  it('revalidates by ETag, answers HEAD, refuses other methods and unknown files', async () => {
    const first = await fetch(`${origin}/catalog/assets/catalog.css`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await fetch(`${origin}/catalog/assets/catalog.css`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const head = await fetch(`${origin}/catalog`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await fetch(`${origin}/catalog`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const missing = await fetch(`${origin}/catalog/assets/../../package.json`);
    expect(missing.status).not.toBe(200);
    const unknown = await fetch(`${origin}/catalog/assets/nope.js`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('/catalog');
  });

  it('is linked from GraphiQL', async () => {
    const res = await fetch(`${origin}/graphql`, { headers: { accept: 'text/html' } });
    expect(await res.text()).toContain('the data health page, /catalog');
  });
});
