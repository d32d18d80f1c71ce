import type { GraphQLObjectType } from 'graphql';
import { buildSchema, execute, parse } from 'graphql';
import { fieldNames } from '../../engine/resolvers/selection';

const schema = buildSchema('type Query { parents: [Parent!]! } type Parent { id: Int! child: Child } type Child { x: Int y: Int z: Int }');
(schema.getQueryType()!.getFields().parents!).resolve = () => [{ id: 1 }, { id: 2 }, { id: 3 }];
((schema.getType('Parent') as GraphQLObjectType).getFields().child!).resolve = (_parent, _args, seen: ReadonlySet<string>[], info) => {
  seen.push(fieldNames(info, 'Child'));
  return { x: 1, y: 2, z: 3 };
};

describe('selected field names', () => {
  it('are computed once per field of an execution, shared by every item of a list, and again for the next execution', async () => {
    const document = parse('query($withZ: Boolean!) { parents { id child { x ...Y z @include(if: $withZ) } } } fragment Y on Child { y }');
    const first: ReadonlySet<string>[] = [];
    const second: ReadonlySet<string>[] = [];
    expect((await execute({ schema, document, contextValue: first, variableValues: { withZ: true } })).errors).toBeUndefined();
    expect((await execute({ schema, document, contextValue: second, variableValues: { withZ: false } })).errors).toBeUndefined();
    expect(first).toHaveLength(3);
    expect(new Set(first).size).toBe(1);
    expect([...first[0]!].sort()).toEqual(['x', 'y', 'z']);
    // The same parsed document executed again: its own set (a fresh execution hands out fresh field nodes).
    expect(new Set(second).size).toBe(1);
    expect(second[0]).not.toBe(first[0]);
  });
});
