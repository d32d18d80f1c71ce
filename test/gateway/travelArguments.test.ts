import { loadContracts } from '../../engine/contract/loadContracts';
import { buildProductModels } from '../../engine/model/productModel';
import type { ProductModel } from '../../engine/model/productModel';
import { modelsByRootField } from '../../gateway/rootFields';
import { travelArguments } from '../../gateway/travelArguments';

let byField: Map<string, ProductModel>;
beforeAll(async () => {
  byField = modelsByRootField(buildProductModels(await loadContracts('schema')));
});

const found = (query: string, variables?: unknown, operationName?: string): string[] =>
  travelArguments({ query, variables, operationName }, byField).map((a) => `${a.model.qualified}@${a.model.version.version} ${a.snapshot ?? ''}|${a.asOf ?? ''}`);

describe('the snapshot and asOf arguments of a request', () => {
  it('reads root fields through aliases, fragments and variables with defaults, for the operation asked for', () => {
    const query = `query A($t: DateTime = "2026-01-01T00:00:00Z") { x: ordersV2(asOf: $t) { totalCount } ...F }
      fragment F on Query { ... on Query { customerV1(customerId: "C1", snapshot: "S1") { name } } }
      query B { productsV1Aggregate(asOf: "2025-01-01T00:00:00Z") { count } }`;
    expect(found(query, {}, 'A')).toEqual(['sales.orders@2 |2026-01-01T00:00:00Z', 'customers.customers@1 S1|']);
    expect(found(query, { t: '2024-01-01T00:00:00Z' }, 'A')[0]).toBe('sales.orders@2 |2024-01-01T00:00:00Z');
    expect(found(query, {}, 'B')).toEqual(['merchandising.products@1 |2025-01-01T00:00:00Z']);
  });

  it('finds none in a document without them, one that does not parse, a null argument or a nested field', () => {
    expect(found('{ ordersV2 { totalCount } }')).toEqual([]);
    expect(found('{ ordersV2(asOf: ')).toEqual([]);
    expect(found('query ($t: DateTime) { ordersV2(asOf: $t) { totalCount } }', { t: null })).toEqual([]);
    expect(found('{ dataProducts { snapshot: name } }')).toEqual([]);
  });
});
