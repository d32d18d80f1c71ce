import type { FieldNode, GraphQLResolveInfo, OperationDefinitionNode } from 'graphql';
import { parse } from 'graphql';
import { connectionNodeFields, fieldNames } from '../../engine/resolvers/selection';

/** The resolve info graphql-js gives every item of one list field: one `fieldNodes` array for all of them. */
function infoOf(query: string): GraphQLResolveInfo {
  const doc = parse(query);
  const op = doc.definitions[0] as OperationDefinitionNode;
  const fieldNodes = [op.selectionSet.selections[0] as FieldNode];
  return { fieldNodes, fragments: {} } as unknown as GraphQLResolveInfo;
}

describe('selected field names', () => {
  it('are computed once per field of an operation and shared by every item', () => {
    const info = infoOf('{ _entities { ... on CustomerV1 { customerId name } ... on OrderV2 { orderId } } }');
    const customer = fieldNames(info, 'CustomerV1');
    expect([...customer]).toEqual(['customerId', 'name']);
    expect(fieldNames({ ...info }, 'CustomerV1')).toBe(customer);
    expect([...fieldNames(info, 'OrderV2')]).toEqual(['orderId']);
  });

  it('are computed again for another operation of the same text (a new execution has new field nodes)', () => {
    const text = '{ ordersV2 { nodes { orderId } edges { node { status } } } }';
    const first = connectionNodeFields(infoOf(text));
    const second = connectionNodeFields(infoOf(text));
    expect(second).not.toBe(first);
    expect([...second].sort()).toEqual(['orderId', 'status']);
  });
});
