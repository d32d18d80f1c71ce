import { Kind, parse } from 'graphql';
import type { FragmentDefinitionNode, OperationDefinitionNode } from 'graphql';
import { buildSchema } from 'graphql';
import { estimateRows } from '../../gateway/estimateRows';

const schema = buildSchema(`
  type Query { customersV1(first: Int): CustomerConnection, customerV1(id: ID!): Customer, ordersV2(first: Int): OrderConnection }
  type CustomerConnection { nodes: [Customer!]! totalCount: Int }
  type Customer { id: ID! name: String ordersV2(first: Int): OrderConnection }
  type OrderConnection { nodes: [Order!]! }
  type Order { id: ID! customer: Customer }
`);

function rows(query: string, variables: Record<string, unknown> = {}): number {
  const doc = parse(query);
  const operation = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = new Map(doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  return estimateRows(schema, operation, { fragments, variables, defaultPageSize: 10 });
}

describe('estimateRows', () => {
  it('multiplies nested pages and adds sibling ones', () => {
    expect(rows('{ customersV1(first: 100) { nodes { name ordersV2(first: 5) { nodes { id } } } } }')).toBe(600);
    expect(rows('{ a: ordersV2(first: 3) { nodes { id } } b: ordersV2(first: 4) { nodes { id } } }')).toBe(7);
  });

  it('takes first from variables, and the default page size when absent', () => {
    expect(rows('query($n: Int) { customersV1(first: $n) { nodes { ordersV2 { nodes { id } } } } }', { n: 50 })).toBe(550);
    expect(rows('{ customersV1 { nodes { id } } }')).toBe(10);
  });

  it('follows fragments and inline fragments, and counts a single entity as one row', () => {
    expect(rows(`{ customerV1(id: "1") { ...F } } fragment F on Customer { ... on Customer { ordersV2(first: 20) { nodes { customer { ordersV2(first: 2) { nodes { id } } } } } } }`)).toBe(60);
  });
});
