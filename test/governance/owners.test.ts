import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ContractError } from '../../engine/contract/contractFinding';
import type { ContractFinding } from '../../engine/contract/contractFinding';
import { parseContract } from '../../engine/contract/parseContract';
import { checkHub } from '../../engine/check/checkHub';
import { loadOwners } from '../../engine/governance/checkOwners';
import { parseOwners } from '../../engine/governance/ownersFile';

const OWNERS = `owners:
  shop-team:
    description: The shop.
    contact: shop@example.com
    webhooks:
      - url: https://hooks.example.com/shop
        secretEnv: SHOP_SECRET
        events: [freshness.*, publish.failed]
  crm-team:
    description: Customers.
    contact: "#crm"
`;

const ORDERS = `product: orders
domain: shop
owner: shop-team
subscribers: [crm-team]
runbook: https://runbooks.example.com/orders
description: Orders.
freshness: { warnAfter: 30s, errorAfter: 2m }
versions:
  - version: 1
    status: current
    primaryKey: [order_id]
    columns:
      - { name: order_id, type: int64 }
`;

function findingsOf(text: string): ContractFinding[] {
  try {
    parseOwners('owners.yaml', text);
    return [];
  } catch (err) {
    if (err instanceof ContractError) return err.findings;
    throw err;
  }
}

/** A schema folder with the orders contract, a registry and `owners` (none written when undefined). */
async function schemaWith(orders: string, owners: string | undefined): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-owners-'));
  await mkdir(join(dir, 'shop'));
  await writeFile(join(dir, 'shop', 'orders.yaml'), orders);
  await writeFile(join(dir, 'domains.yaml'), 'subgraphs:\n  shop: { port: 5001 }\n  platform: { port: 5002 }\n');
  if (owners !== undefined) await writeFile(join(dir, 'owners.yaml'), owners);
  return relative(process.cwd(), dir);
}

describe('owners file', () => {
  it('parses handles, contacts and webhooks; events default to every type', () => {
    const { owners } = parseOwners('owners.yaml', OWNERS);
    expect(owners.get('shop-team')).toMatchObject({ contact: 'shop@example.com', line: 3, webhooks: [{ url: 'https://hooks.example.com/shop', secretEnv: 'SHOP_SECRET', events: ['freshness.*', 'publish.failed'] }] });
    expect(owners.get('crm-team')).toMatchObject({ webhooks: [] });
  });

  it('reports schema errors and unknown event types with file and line', () => {
    const bad = OWNERS.replace('secretEnv: SHOP_SECRET', 'secretEnv: shop secret').replace('publish.failed]', 'publish.failled]')
      .replace('    contact: "#crm"\n', '    contatc: "#crm"\n');
    const findings = findingsOf(bad);
    expect(findings).toEqual(expect.arrayContaining([
      expect.objectContaining({ file: 'owners.yaml', line: 7, path: '/owners/shop-team/webhooks/0/secretEnv', rule: 'owners/schema' }),
      expect.objectContaining({ line: 11, path: '/owners/crm-team/contatc', message: expect.stringMatching(/^unexpected property "contatc"/) }),
      expect.objectContaining({ line: 10, path: '/owners/crm-team', message: 'expected property "contact", found none' }),
    ]));
    expect(findingsOf(OWNERS.replace('publish.failed]', 'publish.failled]'))).toEqual([
      expect.objectContaining({ line: 8, path: '/owners/shop-team/webhooks/0/events/1', rule: 'owners/event_type', message: expect.stringContaining('found "publish.failled"') }),
    ]);
    expect(findingsOf('owners:\n  Shop Team: { description: x, contact: y }\n')).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringContaining('found "Shop Team"') }),
    ]);
    expect(findingsOf('owners: [\n')[0]).toMatchObject({ rule: 'yaml' });
  });

  it('tessera check refuses a contract whose owner or subscriber is not listed, and a missing owners file', async () => {
    expect((await checkHub('schema')).findings).toEqual([]);
    expect((await checkHub(await schemaWith(ORDERS, OWNERS))).findings).toEqual([]);
    const unknown = await checkHub(await schemaWith(ORDERS.replace('owner: shop-team', 'owner: shop-teem').replace('[crm-team]', '[crm-team, ops]'), OWNERS));
    expect(unknown.findings).toEqual([
      expect.objectContaining({ path: '/owner', line: 3, rule: 'owners/unknown_owner', message: expect.stringMatching(/owners\.yaml \(crm-team, shop-team\), found "shop-teem"$/) }),
      expect.objectContaining({ path: '/subscribers/1', line: 4, rule: 'owners/unknown_subscriber', message: expect.stringMatching(/\(crm-team, shop-team\), found "ops"$/) }),
    ]);
    const missing = await checkHub(await schemaWith(ORDERS, undefined));
    expect(missing.findings).toEqual([expect.objectContaining({ rule: 'owners/missing', file: expect.stringMatching(/owners\.yaml$/) })]);
  });

  it('the monitor refuses to load owners that do not cover the contracts', async () => {
    const schema = await schemaWith(ORDERS.replace('owner: shop-team', 'owner: nobody'), OWNERS);
    const contract = parseContract('orders.yaml', await readFile(join(schema, 'shop', 'orders.yaml'), 'utf8'));
    await expect(loadOwners(schema, [contract])).rejects.toThrow(/expected an owner handle listed in .*found "nobody"/);
    expect(contract).toMatchObject({ subscribers: ['crm-team'], runbook: 'https://runbooks.example.com/orders', freshness: { warnAfterMs: 30_000 } });
  });
});
