import { writeFile } from 'node:fs/promises';
import type { TestHub } from './helpers/startTestHub';
import { startTestHub, testSupergraph } from './helpers/startTestHub';

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('supergraph file', () => {
  it('refuses to start on a supergraph stale against the running subgraphs, naming subgraph and field', async () => {
    await expect(startTestHub({ supergraph: testSupergraph('  addedLater: String\n') }))
      .rejects.toThrow(/subgraph\(s\) probe serve.*differs at Query\.addedLater.*npm run schema:generate/);
  });

  describe('while running', () => {
    let hub: TestHub;
    beforeAll(async () => {
      hub = await startTestHub();
    });
    afterAll(async () => {
      await hub?.stop();
    });

    it('rejects an invalid file and a stale one, keeps serving the old schema, and says so on /readyz', async () => {
      const loads = async (result: string): Promise<number> => {
        const text = await (await fetch(hub.gateway.url.replace(/\/graphql$/, '/metrics'))).text();
        return Number(new RegExp(`tessera_gateway_supergraph_loads_total\\{result="${result}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
      };
      await writeFile(hub.supergraphFile, 'this is not a supergraph');
      await waitFor(async () => (await loads('rejected')) === 1, 'the invalid supergraph to be rejected');
      expect(hub.gateway.supergraph.lastRejection()).toMatch(/Syntax Error/);
      expect((await hub.ask('{ whoami { subject } }')).body.data).toEqual({ whoami: { subject: 'anonymous' } });

      await writeFile(hub.supergraphFile, testSupergraph('  addedLater: String\n'));
      await waitFor(async () => /Query\.addedLater/.test(hub.gateway.supergraph.lastRejection() ?? ''), 'the stale supergraph to be rejected');
      expect(await loads('rejected')).toBe(2);
      const res = await hub.ask('{ addedLater }');
      expect(res.status).toBe(400);
      expect(res.body.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const ready = await (await fetch(hub.gateway.url.replace(/\/graphql$/, '/readyz'))).json() as { supergraph: string };
      expect(ready.supergraph).toMatch(/serving the previous one; rejected a change/);
    });

    it('loads a new supergraph once the subgraphs serve it', async () => {
      await hub.restartProbe('  addedLater: String\n');
      await writeFile(hub.supergraphFile, `${testSupergraph('  addedLater: String\n')}\n`);
      await waitFor(async () => hub.gateway.supergraph.lastRejection() === undefined, 'the new supergraph to load');
      expect((await hub.ask('{ addedLater whoami { subject } }')).body.data).toEqual({ addedLater: 'extra', whoami: { subject: 'anonymous' } });
    });
  });
});
