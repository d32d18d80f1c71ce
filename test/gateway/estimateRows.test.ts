import { Kind, parse } from 'graphql';
import type { FragmentDefinitionNode, OperationDefinitionNode } from 'graphql';
import { buildSchema } from 'graphql';
import { estimateRows } from '../../gateway/estimateRows';
import type { DataBounds } from '../../gateway/productRowBounds';

const schema = buildSchema(`
  type Query {
    customersV1(first: Int, snapshot: String): CustomerConnection, customerV1(id: ID!): CustomerV1, ordersV2(first: Int): OrderConnection
    ordersV2Aggregate(groupBy: [OrderGroupBy!], snapshot: String): [OrderV2AggregateGroup!]
    pagedWithDefault(first: Int = 7): OrderConnection
  }
  enum OrderGroupBy { STATUS IS_GIFT ORDER_ID }
  type OrderV2AggregateGroup { count: Int keys: Keys }
  type Keys { status: String }
  type CustomerConnection { nodes: [CustomerV1!]! totalCount: Int }
  type CustomerV1 { id: ID! name: String ordersV2(first: Int): OrderConnection }
  type OrderConnection { nodes: [OrderV2!]! }
  type OrderV2 { id: ID! customer: CustomerV1 }
`);

function rows(query: string, variables: Record<string, unknown> = {}, data?: DataBounds): number {
  return estimate(query, variables, data).rows;
}

function estimate(query: string, variables: Record<string, unknown> = {}, data?: DataBounds): { rows: number; visits: number } {
  const doc = parse(query);
  const operation = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = new Map(doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  return estimateRows(schema, operation, { fragments, variables, defaultPageSize: 10, maxGroups: 1000, data });
}

/** 50 customers and 2,000 orders in the latest snapshots; a status takes 5 values, a boolean 3. */
const data: DataBounds = {
  rows: (field) => ({ customersV1: 50, customerV1: 50, ordersV2: 2000, ordersV2Aggregate: 2000 } as Record<string, number>)[field],
  groups: (_field, groupBy) => groupBy.reduce((n, g) => n * ({ STATUS: 5, IS_GIFT: 3 }[g] ?? 2000), 1),
  isEntity: (type) => type === 'CustomerV1' || type === 'OrderV2',
};

describe('estimateRows', () => {
  it('multiplies nested pages and adds sibling ones, every alias counted', () => {
    expect(rows('{ customersV1(first: 100) { nodes { name ordersV2(first: 5) { nodes { id } } } } }')).toBe(600);
    expect(rows('{ a: ordersV2(first: 3) { nodes { id } } b: ordersV2(first: 4) { nodes { id } } }')).toBe(7);
  });

  it('takes first from variables, then variable defaults, then the schema default, then the default page size', () => {
    expect(rows('query($n: Int) { customersV1(first: $n) { nodes { ordersV2 { nodes { id } } } } }', { n: 50 })).toBe(550);
    expect(rows('{ customersV1 { nodes { id } } }')).toBe(10);
    // The variables are not given: the operation's defaults are what runs (1000 × 1000 orders).
    expect(rows('query($n: Int = 1000, $m: Int = 1000) { customersV1(first: $n) { nodes { ordersV2(first: $m) { nodes { id } } } } }')).toBe(1_001_000);
    expect(rows('query($n: Int = 1000) { customersV1(first: $n) { nodes { id } } }', { n: 3 })).toBe(3);
    expect(rows('{ pagedWithDefault { nodes { id } } }')).toBe(7);
  });

  it('counts aggregate groups: one without groupBy, else at most the group limit', () => {
    expect(rows('{ ordersV2Aggregate { count } }')).toBe(1);
    expect(rows('{ ordersV2Aggregate(groupBy: [ORDER_ID]) { count } }')).toBe(1000);
    expect(rows('query($g: [OrderGroupBy!] = [STATUS]) { a: ordersV2Aggregate(groupBy: $g) { count } b: ordersV2Aggregate(groupBy: $g) { count } }')).toBe(2000);
    expect(rows('{ ordersV2Aggregate(groupBy: [STATUS, IS_GIFT]) { count } }', {}, data)).toBe(15);
  });

  it('counts each entity a field returns as one row, and follows fragments and inline fragments', () => {
    expect(rows('{ a: customerV1(id: "1") { name } b: customerV1(id: "2") { name } }', {}, data)).toBe(2);
    expect(rows(`{ customerV1(id: "1") { ...F } } fragment F on CustomerV1 { ... on CustomerV1 { ordersV2(first: 20) { nodes { customer { ordersV2(first: 2) { nodes { id } } } } } } }`)).toBe(60);
    // With entities known: 1 customer + 20 orders + 20 customers + 40 orders.
    expect(rows(`{ customerV1(id: "1") { ...F } } fragment F on CustomerV1 { ... on CustomerV1 { ordersV2(first: 20) { nodes { customer { ordersV2(first: 2) { nodes { id } } } } } } }`, {}, data)).toBe(81);
  });

  it('never counts more rows than the latest snapshot holds, unless a snapshot is pinned', () => {
    expect(rows('{ customersV1(first: 1000) { nodes { ordersV2(first: 1000) { nodes { id } } } } }', {}, data)).toBe(50 + 50 * 1000);
    expect(rows('{ customersV1(first: 1000, snapshot: "x") { nodes { id } } }', {}, data)).toBe(1000);
  });

  it('walks each fragment once however often it is spread', () => {
    let doc = '{ customersV1(first: 1) { ...F0 } } fragment F30 on CustomerConnection { nodes { ordersV2(first: 1) { nodes { id } } } }';
    for (let i = 0; i < 30; i++) doc += ` fragment F${i} on CustomerConnection { ...F${i + 1} ...F${i + 1} }`;
    const { rows: n, visits } = estimate(doc);
    expect(n).toBe(1 + 2 ** 30);
    expect(visits).toBeLessThan(100);
  });
});
