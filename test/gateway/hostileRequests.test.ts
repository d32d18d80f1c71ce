import { request } from 'node:http';
import type { TestHub } from './helpers/startTestHub';
import { startTestHub } from './helpers/startTestHub';

/** A document of `levels` fragments, each spreading the next twice: ~40 bytes a level, 2^levels selections. */
function fragmentBomb(levels: number): string {
  let doc = `{ dataProducts { ...F0 } } fragment F${levels} on DataProduct { id }`;
  for (let i = 0; i < levels; i++) doc += ` fragment F${i} on DataProduct { ...F${i + 1} ...F${i + 1} }`;
  return doc;
}

async function post(hub: TestHub, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<{ status: number; text: string }> {
  const res = await fetch(hub.gateway.url, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text() };
}

describe('the gateway under hostile requests', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ env: { TESSERA_RATE_LIMIT_PER_MINUTE: '0', TESSERA_MAX_BODY_BYTES: '65536' } });
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('refuses a fragment bomb before validating it, having visited each fragment once', async () => {
    const before = await visits(hub);
    const doc = fragmentBomb(40);
    expect(doc.length).toBeLessThan(2048);
    const [bomb, live] = await Promise.all([hub.ask(doc), fetch(new URL('/livez', hub.gateway.url))]);
    expect(live.status).toBe(200);
    expect(bomb.status).toBe(400);
    expect(bomb.body.errors?.[0]).toMatchObject({
      extensions: { code: 'QUERY_TOO_LARGE' }, message: expect.stringMatching(/at most 2000 field selections .* got an operation with \d{13}/),
    });
    // 41 fragments of two spreads, one operation: linear, where following every spread would visit 2^41 nodes.
    expect(await visits(hub) - before).toBeLessThan(500);
  });

  it('refuses a fragment cycle, repeated fields and deep values with a code and a message', async () => {
    const cycle = await hub.ask('{ ...A } fragment A on Query { ...B } fragment B on Query { whoami { subject } ...A }');
    expect(cycle.status).toBe(400);
    expect(cycle.body.errors?.[0]?.message).toMatch(/cycle through "[AB]"/);
    const repeated = await hub.ask(`{ ${'dataProducts { id } '.repeat(150)} }`);
    expect(repeated.status).toBe(400);
    expect(repeated.body.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_LARGE' }, message: expect.stringMatching(/same-named fields/) });
    const deep = await hub.ask(`{ dataProduct(id: ${'['.repeat(40)}"x"${']'.repeat(40)}) { id } }`);
    expect(deep.body.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_LARGE' }, message: expect.stringMatching(/nested at most 32 deep/) });
    const nested = `${'['.repeat(5000)}"x"${']'.repeat(5000)}`;
    const deepVariables = await post(hub, `{"query":"query($v: String) { dataProduct(id: $v) { id } }","variables":{"v":${nested}}}`);
    expect(deepVariables.status).toBe(400);
    expect(deepVariables.text).toMatch(/variable values nested at most 32 deep/);
  });

  it('refuses long string literals and large variables', async () => {
    const literal = await hub.ask(`{ dataProduct(id: "${'x'.repeat(20_000)}") { id } }`);
    expect(literal.status).toBe(400);
    expect(literal.body.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_LARGE' }, message: expect.stringMatching(/at most 16384 characters, got one of 20000/) });
    const variable = await hub.ask('query($v: String) { dataProduct(id: $v) { id } }', {}, { v: 'y'.repeat(20_000) });
    expect(variable.status).toBe(400);
    expect(variable.body.errors?.[0]?.message).toMatch(/variable strings of at most 16384 characters/);
  });

  it('answers subscriptions and mutations other than the webhook subscription ones with a 400 validation error', async () => {
    for (const op of ['mutation { whoami { subject } }', 'subscription { whoami { subject } }', 'mutation M { x }', 'mutation { subscribeWebhook(input: { product: "a.b", url: "https://x", eventTypes: ["*"] }) { secret } whoami { subject } }']) {
      const { status, body } = await hub.ask(op);
      expect(status).toBe(400);
      expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' }, message: expect.stringMatching(/expected a query operation.*got a (mutation|subscription) operation/) });
    }
  });

  it('answers an over-size body with a 413 GraphQL error, declared or chunked, and keeps serving', async () => {
    const big = JSON.stringify({ query: `{ whoami { subject } } # ${'x'.repeat(200_000)}` });
    const declared = await post(hub, big);
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.text)).toEqual({ errors: [{ message: expect.stringMatching(/at most 65536 bytes, got more/), extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    // Without content-length: the gateway finds out while reading, and must still answer rather than reset.
    const chunked = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(hub.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      });
      req.on('error', reject);
      for (let i = 0; i < 20; i++) req.write(big.slice(i * 10_000, (i + 1) * 10_000));
      req.end(big.slice(200_000));
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.text).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await hub.ask('{ whoami { subject } }')).status).toBe(200);
  });
});

async function visits(hub: TestHub): Promise<number> {
  const text = await (await fetch(new URL('/metrics', hub.gateway.url))).text();
  return Number(/^tessera_gateway_screen_visits_total (\d+)/m.exec(text)?.[1] ?? NaN);
}

describe('the screen and documents of many fragments', () => {
  it('accepts a long chain of nested fragments, as large client documents have, within the limits', async () => {
    const { screenDocument } = await import('../../gateway/screenDocument');
    let doc = '{ ...H0 } fragment H150 on Query { whoami { subject } }';
    for (let i = 0; i < 150; i++) doc += ` fragment H${i} on Query { ...H${i + 1} }`;
    expect(screenDocument(doc, { maxTokens: 20_000, maxSelections: 2000, maxStringLength: 16_384 }).refusal).toBeUndefined();
  });
});
