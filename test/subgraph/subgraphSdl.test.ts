import { readFile } from 'node:fs/promises';
import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import type { GraphQLObjectType } from 'graphql';
import { loadContracts } from '../../engine/contract/loadContracts';
import { parseContract } from '../../engine/contract/parseContract';
import { buildSubgraphSdl } from '../../engine/sdl/buildSubgraphSdl';
import { expectedSubgraphSdlFiles } from '../../engine/sdl/subgraphSdlFiles';

const RETIRING = `
product: events
domain: web
owner: web-team
description: One row per tracked event.
freshness: { warnAfter: 1h, errorAfter: 2h }
versions:
  - version: 3
    status: current
    primaryKey: [event_id]
    columns:
      - { name: event_id, type: int64 }
      - { name: happened_on, type: date }
  - version: 2
    status: deprecated
    sunset: 2027-01-31
    deprecationReason: ids became int64
    primaryKey: [event_id]
    columns: [{ name: event_id, type: int32 }]
  - version: 1
    status: retired
    primaryKey: [event_id]
    columns: [{ name: event_id, type: string }]
`;

describe('subgraph SDL generation', () => {
  it('matches the committed schema/<domain>/subgraph.graphql (run `npm run schema:generate` after a contract change)', async () => {
    const files = await expectedSubgraphSdlFiles('schema');
    expect(files.size).toBeGreaterThanOrEqual(3);
    for (const [path, sdl] of files) {
      const committed = await readFile(path, 'utf8').catch(() => '(missing)');
      expect({ path, sdl: committed }).toEqual({ path, sdl });
    }
  });

  it('builds valid subgraph schemas that compose into one supergraph', async () => {
    const all = await loadContracts('schema');
    const domains = ['sales', 'customers', 'merchandising'];
    const services = domains.map((name) => {
      const typeDefs = parse(buildSubgraphSdl(all.filter((c) => c.domain === name), all));
      buildSubgraphSchema({ typeDefs });
      return { name, typeDefs, url: `http://127.0.0.1/${name}` };
    });
    const result = composeServices(services);
    expect(result.errors ?? []).toEqual([]);
    const supergraph = result.schema!.toAPISchema().toGraphQLJSSchema();
    const customer = supergraph.getType('CustomerV1') as GraphQLObjectType;
    expect(Object.keys(customer.getFields())).toEqual(expect.arrayContaining(['customerId', 'email', 'ordersV2', 'ordersV1']));
    const order = supergraph.getType('OrderV2') as GraphQLObjectType;
    expect(order.getFields().customer?.type.toString()).toBe('CustomerV1');
    expect(order.getFields().orderLinesV1?.args.map((a) => a.name)).toEqual(['where', 'orderBy', 'first', 'after']);
  });

  it('names types and fields after the contract, with descriptions, keys and deprecations', async () => {
    const all = await loadContracts('schema');
    const sdl = buildSubgraphSdl(all.filter((c) => c.domain === 'sales'), all);
    expect(sdl).toContain('type OrderV2 @key(fields: "orderId") {');
    expect(sdl).toContain('type OrderLineV1 @key(fields: "orderId lineId") {');
    expect(sdl).toContain('"Gross amount in cents, taxes included. (column `amount_cents`)"\n  amountCents: Long');
    expect(sdl).toContain('owned by `sales-data`');
    expect(sdl).toMatch(/ordersV1\([^)]*\): OrderV1Connection @deprecated\(reason: "amount became amount_cents \(integer cents\) in v2; sunset 2027-03-01"\)/);
    expect(sdl).toMatch(/ordersV2\([^)]*\): OrderV2Connection\n/);
    expect(sdl).toContain('ORDERED_AT_MONTH');
    expect(sdl).toContain('type DataProduct @key(fields: "id", resolvable: false)');
    const customers = buildSubgraphSdl(all.filter((c) => c.domain === 'customers'), all);
    expect(customers).toContain('Personal data: resolves only for callers with the pii scope.');
  });

  it('keeps retired versions in the schema, marked as retired', () => {
    const contract = parseContract('schema/web/events.yaml', RETIRING);
    const sdl = buildSubgraphSdl([contract], [contract]);
    buildSubgraphSchema({ typeDefs: parse(sdl) });
    expect(sdl).toMatch(/eventsV1\([^)]*\): EventV1Connection @deprecated\(reason: "retired: superseded by a newer major version of web.events"\)/);
    expect(sdl).toMatch(/eventV2\([^)]*\): EventV2 @deprecated\(reason: "ids became int64; sunset 2027-01-31"\)/);
    expect(sdl).toContain('happenedOnYear: Date');
    expect(sdl).not.toContain('EventV1Sums');
    expect(sdl).toContain('EventV3Sums');
  });
});
