import { parse } from 'graphql';
import { DocumentStore, documentBytes } from '../../gateway/documentStore';
import { GatewayMetrics } from '../../gateway/gatewayMetrics';

describe('DocumentStore', () => {
  it('holds at most its byte budget however many large distinct documents arrive, least recently used out first', async () => {
    const budget = 2 * 1024 ** 2;
    const store = new DocumentStore(new GatewayMetrics(), budget);
    const doc = (i: number): string => `{ ${Array.from({ length: 100 }, (_, j) => `f${j}: whoami { subject }`).join(' ')} last${i}: whoami { subject } }`;
    expect(documentBytes(parse(doc(0)))).toBeGreaterThan(100_000);
    await store.set('keep', parse('{ whoami { subject } }'));
    for (let i = 0; i < 200; i++) {
      await store.set(`d${i}`, parse(doc(i)));
      await store.get('keep');
      expect(store.size).toBeLessThanOrEqual(budget);
    }
    expect(await store.get('keep')).toBeDefined();
    expect(await store.get('d0')).toBeUndefined();
    expect(await store.get('d199')).toBeDefined();
  });

  it('does not keep a document larger than the whole budget', async () => {
    const store = new DocumentStore(new GatewayMetrics(), 1000);
    await store.set('big', parse(`{ ${'a '.repeat(100)} }`));
    expect(store.size).toBe(0);
    expect(await store.get('big')).toBeUndefined();
  });
});
