import fc from 'fast-check';
import { buildClientSchema, getIntrospectionQuery, getNamedType, isEnumType, isInputObjectType, isLeafType, isListType, isNonNullType, isObjectType } from 'graphql';
import type { GraphQLArgument, GraphQLInputType, GraphQLNamedType, GraphQLObjectType, GraphQLSchema, IntrospectionQuery } from 'graphql';
import {
  aliasBomb, deepNesting, deepValue, fragmentBomb, fragmentChain, fragmentCycle, hugeLiteral, repeatedFields,
} from './helpers/hostileDocuments';
import { loadContracts } from '../../engine/contract/loadContracts';
import type { TestHub } from './helpers/startTestHub';
import { startTestHub } from './helpers/startTestHub';

type Gen = fc.GeneratorValue;

const MAX_SELECTIONS = 500;

/** One HTTP request of the fuzz run. */
interface Call {
  method: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Blob;
  search?: string;
}

// What no answer may contain: stack frames, source or absolute paths, SQL, internal hosts.
const LEAKS = [/\bat \S+ \(.*:\d+:\d+\)/, /node_modules/, /\/(?:work|home|tmp|usr|var)\//, /\.ts:\d+/, /\bSELECT\b.*\bFROM\b/i, /read_parquet/i, /127\.0\.0\.1|localhost:\d+/];

function inputValue(g: Gen, type: GraphQLInputType, depth: number): string {
  if (isNonNullType(type)) return inputValue(g, type.ofType, depth);
  if (isListType(type)) return `[${inputValue(g, type.ofType, depth)}]`;
  const named = getNamedType(type);
  if (isEnumType(named)) return g(fc.constantFrom, ...named.getValues().map((v) => v.name));
  if (isInputObjectType(named)) {
    const required = Object.values(named.getFields()).filter((f) => isNonNullType(f.type));
    if (depth > 2) return '{}';
    return `{ ${required.map((f) => `${f.name}: ${inputValue(g, f.type, depth + 1)}`).join(' ')} }`;
  }
  switch (named.name) {
    case 'Int': return String(g(fc.integer, { min: 0, max: 20 }));
    case 'Float': return String(g(fc.double, { min: -1e6, max: 1e6, noNaN: true }));
    case 'Boolean': return String(g(fc.boolean));
    default: return JSON.stringify(g(fc.string, { maxLength: 12 }));
  }
}

function args(g: Gen, list: readonly GraphQLArgument[]): string {
  const given = list.filter((a) => isNonNullType(a.type) || g(fc.boolean));
  return given.length ? `(${given.map((a) => `${a.name}: ${inputValue(g, a.type, 0)}`).join(', ')})` : '';
}

/** A selection set of `type` drawn from the schema, `depth` levels at most. */
function selection(g: Gen, type: GraphQLObjectType, depth: number): string {
  // The probe's `slow` sleeps as long as it is asked: not what this test is about.
  const fields = Object.values(type.getFields()).filter((f) => f.name !== 'slow');
  // Draw indices, not the field objects: fast-check compares what it draws, and schema objects are cyclic.
  const picked = g(fc.subarray, fields.map((_, i) => i), { minLength: 1, maxLength: Math.min(4, fields.length) }).map((i) => fields[i]!);
  const parts = picked.map((f, i) => {
    const named: GraphQLNamedType = getNamedType(f.type);
    const alias = g(fc.boolean) ? `x${i}_${f.name}: ` : '';
    const head = `${alias}${f.name}${args(g, f.args)}`;
    if (isLeafType(named)) return head;
    if (!isObjectType(named) || depth <= 0) return `${head} { __typename }`;
    return `${head} { ${selection(g, named, depth - 1)} }`;
  });
  return parts.join(' ');
}

function validDocument(g: Gen, schema: GraphQLSchema): string {
  const body = selection(g, schema.getQueryType()!, g(fc.integer, { min: 0, max: 4 }));
  return g(fc.boolean) ? `query Q${g(fc.nat, 999)} { ${body} }` : `{ ${body} }`;
}

const TOKENS = ['{', '}', '(', ')', '...', 'fragment', 'on', '$', ':', '"', '"""', '@skip', 'mutation', 'subscription', '#', '\\u0000', '[', ']', '!', '='];

function mutated(g: Gen, doc: string): string {
  let text = doc;
  for (let i = g(fc.integer, { min: 1, max: 4 }); i > 0; i--) {
    const at = g(fc.nat, text.length);
    switch (g(fc.integer, { min: 0, max: 3 })) {
      case 0: text = text.slice(0, at) + text.slice(at + g(fc.integer, { min: 1, max: 8 })); break;
      case 1: text = text.slice(0, at) + g(fc.constantFrom, ...TOKENS) + text.slice(at); break;
      case 2: text = text.slice(0, at) + text.slice(at, at + 20).repeat(g(fc.integer, { min: 2, max: 30 })) + text.slice(at); break;
      default: text = text.slice(0, at) + g(fc.stringMatching, /^[A-Za-z_][A-Za-z0-9_]{0,10}$/) + text.slice(at);
    }
  }
  return text;
}

const json = (payload: unknown): Call => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });

function bomb(g: Gen): string {
  switch (g(fc.integer, { min: 0, max: 7 })) {
    case 0: return fragmentBomb(g(fc.integer, { min: 5, max: 64 }));
    case 1: return deepNesting(g(fc.integer, { min: 10, max: 3000 }));
    case 2: return aliasBomb(g(fc.integer, { min: 20, max: 3000 }));
    case 3: return repeatedFields(g(fc.integer, { min: 2, max: 400 }));
    case 4: return hugeLiteral(g(fc.integer, { min: 1000, max: 60_000 }));
    case 5: return deepValue(g(fc.integer, { min: 5, max: 5000 }));
    case 6: return fragmentCycle(g(fc.integer, { min: 1, max: 200 }));
    default: return fragmentChain(g(fc.integer, { min: 1, max: 3000 }));
  }
}

function oddCall(g: Gen, doc: string): Call {
  switch (g(fc.integer, { min: 0, max: 11 })) {
    case 0: return { method: 'POST', headers: { 'content-type': g(fc.constantFrom, 'text/plain', 'application/graphql', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/x-www-form-urlencoded') }, body: JSON.stringify({ query: doc }) };
    case 1: return { method: 'POST', headers: { 'content-type': 'application/json' }, body: g(fc.constantFrom, '{', '{"query":', '[', 'nul', '{"query": "{ whoami { subject } }",}', '\u0000\u0001', '') };
    case 2: return json(g(fc.constantFrom, null, [], 42, 'a string', true, {}, { query: null }, { query: 7 }, { query: doc, variables: 'x' }, { query: doc, variables: [1] }, { query: doc, operationName: 3 }, { query: doc, extensions: 'e' }));
    case 3: return json([{ query: doc }, { query: doc }]);
    case 4: return { method: 'GET', search: `?query=${encodeURIComponent(doc)}&variables=${encodeURIComponent(g(fc.constantFrom, '{', '[]', 'null', '{"a":1}', '"s"'))}` };
    case 5: return { method: 'GET', search: `?query=${encodeURIComponent(doc)}&query=${encodeURIComponent(doc)}` };
    case 6: return { method: 'GET', search: g(fc.constantFrom, '', '?', '?query=', '?operationName=x', '?extensions=%7B', '?query=%FF%FE', `?query=${encodeURIComponent(doc)}&extensions=[]`) };
    case 7: {
      // Bytes that are not UTF-8 in the body and the query.
      const bytes = Buffer.concat([Buffer.from('{"query":"{ whoami { subject '), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x80]), Buffer.from(' } }"}')]);
      return { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Blob([new Uint8Array(bytes)]) };
    }
    case 8: return { method: g(fc.constantFrom, 'PUT', 'DELETE', 'PATCH', 'OPTIONS'), headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: doc }) };
    case 9: return { method: 'POST', path: g(fc.constantFrom, '/export', '/graphql/', '/nope', '/livez', '/metrics'), headers: { 'content-type': 'application/json' }, body: g(fc.constantFrom, '{}', '[]', '{"product":"x"}', JSON.stringify({ query: doc })) };
    case 10: return json({ query: doc, variables: { v: g(fc.string, { maxLength: 30 }), n: g(fc.double), deep: JSON.parse(`${'['.repeat(64)}1${']'.repeat(64)}`) as unknown } });
    default: return { method: 'POST', headers: { 'content-type': 'application/json', accept: g(fc.constantFrom, 'text/html', 'application/graphql-response+json', 'multipart/mixed', '*/*', 'application/xml') }, body: JSON.stringify({ query: doc }) };
  }
}

describe('fuzzed requests against a gateway over real HTTP', () => {
  let hub: TestHub;
  let schema: GraphQLSchema;
  const statuses = new Map<number, number>();

  // A product's build SQL (ProductBuild.sql) is the definition its team published, not the engine's SQL: blanked out
  // before the answer is searched for leaks, so that any other SQL still counts.
  let publishedSql: string[] = [];

  beforeAll(async () => {
    publishedSql = (await loadContracts('schema')).flatMap((c) => (c.build?.text ? [JSON.stringify(c.build.text)] : []));
    hub = await startTestHub({ env: { TESSERA_RATE_LIMIT_PER_MINUTE: '0', TESSERA_MAX_BODY_BYTES: String(128 * 1024), TESSERA_MAX_SELECTIONS: String(MAX_SELECTIONS) } });
    const introspection = await hub.ask(getIntrospectionQuery());
    schema = buildClientSchema(introspection.body.data as unknown as IntrospectionQuery);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  async function send(call: Call): Promise<{ status: number; text: string }> {
    const url = new URL(call.path ?? '/graphql', hub.gateway.url);
    if (call.search) url.search = call.search;
    const res = await fetch(url, { method: call.method, headers: call.headers, body: call.body });
    const text = await res.text();
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    return { status: res.status, text };
  }

  function check(call: Call, answer: { status: number; text: string }): void {
    const what = `${call.method} ${call.path ?? ''}${call.search ?? ''} ${String(call.body).slice(0, 200)}`;
    if (answer.status >= 500) throw new Error(`HTTP ${answer.status} for ${what}: ${answer.text.slice(0, 300)}`);
    const text = publishedSql.reduce((t, sql) => t.split(sql).join('""'), answer.text);
    for (const leak of LEAKS) if (leak.test(text)) throw new Error(`leak ${leak} for ${what}: ${text.slice(0, 300)}`);
  }

  it('answers thousands of generated valid, mutated and odd requests without a 5xx or a leak', async () => {
    await fc.assert(fc.asyncProperty(fc.gen(), async (g) => {
      const doc = validDocument(g, schema);
      // One valid document (planned and answered by the subgraphs), eight mutated ones and three odd requests (mostly
      // refused before planning, so cheap).
      const calls: Call[] = [json({ query: doc }), ...[1, 2, 3, 4, 5, 6, 7, 8].map(() => json({ query: mutated(g, doc) })),
        oddCall(g, doc), oddCall(g, mutated(g, doc)), oddCall(g, mutated(g, doc))];
      const answers = await Promise.all(calls.map(send));
      calls.forEach((c, i) => check(c, answers[i]!));
      // The generated document is valid: it is answered, never refused as malformed.
      expect(answers[0]!.status).toBe(200);
    }), { seed: 20261201, numRuns: 150, endOnFailure: true });
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
  }, 300_000);

  it('keeps /livez answering and does work linear in the document while bombs are sent', async () => {
    await fc.assert(fc.asyncProperty(fc.gen(), async (g) => {
      const doc = bomb(g);
      const before = await visits(hub);
      const [answer, live] = await Promise.all([send(json({ query: doc })), fetch(new URL('/livez', hub.gateway.url))]);
      check({ method: 'POST', body: doc }, answer);
      expect(live.status).toBe(200);
      // The screen visits each node of the document a bounded number of times, plus at most a few times the selection
      // cap while expanding what it accepts, whatever the document expands to (2^64 selections for the largest bomb).
      expect(await visits(hub) - before).toBeLessThanOrEqual(4 * doc.length + 4 * MAX_SELECTIONS);
    }), { seed: 20261202, numRuns: 80, endOnFailure: true });
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
  }, 300_000);
});

async function visits(hub: TestHub): Promise<number> {
  const text = await (await fetch(new URL('/metrics', hub.gateway.url))).text();
  return Number(/^tessera_gateway_screen_visits_total (\d+)/m.exec(text)?.[1] ?? NaN);
}
