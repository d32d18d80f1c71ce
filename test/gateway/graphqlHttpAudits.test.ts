import { serverAudits } from 'graphql-http';
import type { TestHub } from './helpers/startTestHub';
import { startTestHub } from './helpers/startTestHub';

// The GraphQL-over-HTTP conformance audits of graphql-http, run against the gateway with the platform fetch: every
// MUST audit has to pass. SHOULD and MAY audits are reported by name in the test title, not enforced.
describe('graphql-http server audits against the gateway', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ env: { TESSERA_RATE_LIMIT_PER_MINUTE: '0', TESSERA_ROWS_PER_MINUTE: '0' } });
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const audits = serverAudits({ url: () => hub.gateway.url, fetchFn: fetch });
  const must = audits.filter((a) => a.name.startsWith('MUST'));

  it('has MUST audits to run', () => {
    expect(must.length).toBeGreaterThan(10);
  });

  for (const audit of must) {
    it(audit.name, async () => {
      const result = await audit.fn();
      if (result.status !== 'ok') throw new Error(`${result.reason}${'response' in result ? `: ${JSON.stringify(result.response)}` : ''}`);
    });
  }
});
