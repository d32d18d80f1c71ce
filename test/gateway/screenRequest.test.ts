import { GatewayMetrics } from '../../gateway/gatewayMetrics';
import { screenRequest } from '../../gateway/screenRequest';

const config = { maxTokens: 1000, maxSelections: 50, maxStringLength: 100, maxVariablesBytes: 10_000 };

async function visits(metrics: GatewayMetrics): Promise<number> {
  return (await metrics.screenVisits.get()).values.reduce((sum, v) => sum + v.value, 0);
}

async function refusals(metrics: GatewayMetrics): Promise<number> {
  return (await metrics.screenRefusals.get()).values.reduce((sum, v) => sum + v.value, 0);
}

describe('screenRequest', () => {
  it('screens a document text once and gives every repeat the same verdict', async () => {
    const metrics = new GatewayMetrics();
    const screen = screenRequest(config, metrics);
    const query = '{ ordersV2(first: 5) { nodes { orderId status } } }';
    expect(screen(query, {})).toBeUndefined();
    const first = await visits(metrics);
    expect(first).toBeGreaterThan(0);
    expect(screen(query, { any: 1 })).toBeUndefined();
    expect(await visits(metrics)).toBe(first);
    // Another text is screened on its own.
    expect(screen('{ ordersV2(first: 6) { nodes { orderId } } }', {})).toBeUndefined();
    expect(await visits(metrics)).toBeGreaterThan(first);
  });

  it('refuses a repeated refused document every time, counting each refusal', async () => {
    const metrics = new GatewayMetrics();
    const screen = screenRequest(config, metrics);
    const tooMany = `{ ${Array.from({ length: 60 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const refusal = screen(tooMany, {});
    expect(refusal?.code).toBe('QUERY_TOO_LARGE');
    expect(screen(tooMany, {})).toEqual(refusal);
    expect(await refusals(metrics)).toBe(2);
  });

  it('still screens the variables of a repeated document', () => {
    const screen = screenRequest(config, new GatewayMetrics());
    const query = 'query Q($s: String) { __typename }';
    expect(screen(query, { s: 'short' })).toBeUndefined();
    expect(screen(query, { s: 'x'.repeat(200) })?.code).toBe('QUERY_TOO_LARGE');
  });

  it('remembers a bounded number of verdicts: past 10,000 documents the oldest is screened again', async () => {
    const metrics = new GatewayMetrics();
    const screen = screenRequest(config, metrics);
    const first = '{ __typename }';
    screen(first, {});
    for (let i = 0; i < 10_000; i++) screen(`{ a${i}: __typename }`, {});
    const before = await visits(metrics);
    screen(first, {});
    expect(await visits(metrics)).toBeGreaterThan(before);
  });
});
