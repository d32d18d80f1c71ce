import type { TestHub } from './helpers/startTestHub';
import { startTestHub } from './helpers/startTestHub';

function expectNoInternals(text: string): void {
  expect(text).not.toMatch(/127\.0\.0\.1|localhost|http:\/\/|:\d{4,5}\b|stack/i);
}

describe('gateway faults', () => {
  describe('a subgraph slower than its timeout or the request deadline', () => {
    let hub: TestHub;
    beforeAll(async () => {
      hub = await startTestHub({ env: { TESSERA_SUBGRAPH_TIMEOUT_MS: '300', TESSERA_REQUEST_TIMEOUT_MS: '5000' } });
    });
    afterAll(async () => {
      await hub?.stop();
    });

    it('costs only its fields: HTTP 200, partial data, SUBGRAPH_UNAVAILABLE naming the subgraph', async () => {
      // Had the gateway waited, the slow field would have come back with data, not null and an error.
      const { status, body } = await hub.ask('{ dataProduct(id: "sales.orders") { owner } slow(ms: 3000) }');
      expect(status).toBe(200);
      expect(body.data).toEqual({ dataProduct: { owner: 'sales-data' }, slow: null });
      expect(body.errors).toHaveLength(1);
      expect(body.errors![0]).toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'probe' } });
      expect(body.errors![0]!.message).toMatch(/subgraph "probe" is unavailable: it did not answer within 300 ms/);
      expectNoInternals(JSON.stringify(body.errors));
    });
  });

  describe('the request deadline', () => {
    let hub: TestHub;
    beforeAll(async () => {
      hub = await startTestHub({ env: { TESSERA_SUBGRAPH_TIMEOUT_MS: '10000', TESSERA_REQUEST_TIMEOUT_MS: '400' } });
    });
    afterAll(async () => {
      await hub?.stop();
    });

    it('abandons subgraph fetches still running when the request deadline passes', async () => {
      const { status, body } = await hub.ask('{ slow(ms: 3000) }');
      expect(status).toBe(200);
      expect(body.data).toEqual({ slow: null });
      expect(body.errors![0]!.extensions!.code).toBe('SUBGRAPH_UNAVAILABLE');
    });
  });

  describe('a subgraph that is down', () => {
    let hub: TestHub;
    beforeAll(async () => {
      hub = await startTestHub();
    });
    afterAll(async () => {
      await hub?.stop();
    });

    it('gives partial data and a SUBGRAPH_UNAVAILABLE error without URL or host; /readyz says which', async () => {
      expect((await hub.ask('{ whoami { subject } }')).body.data).toEqual({ whoami: { subject: 'anonymous' } });
      await hub.probe.stop();
      const { status, body } = await hub.ask('{ dataProducts(domain: "customers") { id } whoami { subject } }');
      expect(status).toBe(200);
      expect(body.data).toEqual({ dataProducts: [{ id: 'customers.customers' }], whoami: null });
      expect(body.errors).toEqual([{
        message: 'subgraph "probe" is unavailable: it could not be reached; its fields are null in this response',
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'probe' },
      }]);
      const ready = await fetch(hub.gateway.url.replace(/\/graphql$/, '/readyz'));
      expect(ready.status).toBe(503);
      const readiness = await ready.json();
      expect(readiness).toMatchObject({ ready: false, store: 'ok', subgraphs: { platform: 'ok', probe: 'unavailable' } });
      expectNoInternals(JSON.stringify(readiness));
      const metrics = await (await fetch(hub.gateway.url.replace(/\/graphql$/, '/metrics'))).text();
      expect(metrics).toMatch(/tessera_gateway_requests_total\{operation="anonymous",outcome="partial"\} 1/);
      expect(metrics).toMatch(/tessera_gateway_subgraph_fetch_duration_seconds_count\{subgraph="probe",outcome="unreachable"\} 1/);
    });
  });
});
