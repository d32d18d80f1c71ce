import type { Page } from 'playwright-core';
import { downstreamIndex } from './helpers/downstreamIndex';
import { loadContracts } from '../../engine/contract/loadContracts';
import type { ProductContract } from '../../engine/contract/types';
import { qualifiedName } from '../../engine/contract/types';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HeadlessChromium } from './helpers/headlessChromium';
import { describeWithChromium, launchChromium } from './helpers/headlessChromium';
import type { DataHub } from './helpers/startDataHub';
import { startDataHub } from './helpers/startDataHub';
import type { TestHub } from './helpers/startTestHub';
import { startTestHub } from './helpers/startTestHub';
import { writeManyContracts } from './helpers/writeManyContracts';
import { publishRows } from '../subgraph/helpers/publishHub';

/** Every product downstream of `id`, transitively, from the contracts' lineage. */
function transitiveDownstream(contracts: ProductContract[], id: string): string[] {
  const index = downstreamIndex(contracts);
  const seen = new Set<string>();
  const walk = (from: string): void => {
    for (const d of index.get(from) ?? []) {
      if (!seen.has(d) && d !== id) {
        seen.add(d);
        walk(d);
      }
    }
  };
  walk(id);
  return [...seen].sort();
}

// The data health page, as a person sees it: Chromium headless opens /catalog on a gateway over the published
// sample domains, and the test reads what is on the screen (text, the SVG's nodes), never the page's internals.
describeWithChromium('data health page')('the data health page at /catalog', () => {
  let chromium: HeadlessChromium | undefined;

  beforeAll(async () => {
    chromium = await launchChromium('data health page');
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
  });

  describe('over the published sample domains', () => {
    let hub: DataHub;
    let contracts: ProductContract[];
    let origin: string;
    const requested: string[] = [];
    let page: Page;

    beforeAll(async () => {
      // Usage is flushed by the test: one read of sales.orders makes `anonymous` its consumer.
      hub = await startDataHub({ TESSERA_USAGE_FLUSH_MS: '3600000' });
      contracts = await loadContracts('schema');
      await expect(hub.ask('{ ordersV2(first: 1) { nodes { orderId } } }').then((r) => r.status)).resolves.toBe(200);
      await hub.gateway.flushUsage();
      origin = new URL(hub.gateway.url).origin;
      page = await chromium!.browser.newPage();
      page.on('request', (req) => requested.push(req.url()));
    }, 60_000);

    afterAll(async () => {
      await page?.close();
      await hub?.stop();
    });

    it('lists every product with its owner and freshness, loading nothing from outside the gateway', async () => {
      const response = await page.goto(`${origin}/catalog`, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'/);
      const rows = page.locator('table.products tbody tr');
      await rows.first().locator('a.product-link').waitFor({ timeout: 30_000 });
      await expect(rows.count()).resolves.toBe(contracts.length);
      for (const c of contracts) {
        const row = rows.filter({ has: page.getByRole('link', { name: qualifiedName(c), exact: true }) });
        await expect(row.count()).resolves.toBe(1);
        const text = await row.innerText();
        expect(text).toContain(c.owner);
        // Just published: fresh against any SLO, with its latest snapshot's row count.
        expect(text).toMatch(/\bFresh\b/);
        expect(text).toMatch(/\d+ rows/);
        // The teams subscribed to it, by name.
        const subscribers = await row.locator('td.subscribers').innerText();
        expect(subscribers).toBe(c.subscribers.length ? [...c.subscribers].sort().join(', ') : 'none');
      }
      await expect(page.locator('.tiles').innerText()).resolves.toMatch(new RegExp(`${contracts.length}\\s+Products`, 'i'));
      // The consumers that read each product in the last 30 days, from the usage log: only sales.orders was read.
      await page.locator('tr[data-product="sales.orders"] td.consumers', { hasText: 'anonymous' }).waitFor({ timeout: 30_000 });
      for (const c of contracts.filter((p) => qualifiedName(p) !== 'sales.orders')) {
        await expect(page.locator(`tr[data-product="${qualifiedName(c)}"] td.consumers`).innerText()).resolves.toBe('none');
      }
      // The deprecated version is shown with its sunset.
      const orders = contracts.find((c) => qualifiedName(c) === 'sales.orders')!;
      const deprecated = orders.versions.find((v) => v.status === 'deprecated')!;
      await expect(page.locator('tr', { has: page.getByRole('link', { name: 'sales.orders', exact: true }) }).innerText())
        .resolves.toContain(`v${deprecated.version} deprecated · sunset ${deprecated.sunset}`);

      const outside = requested.filter((url) => !/^(data:|blob:)/.test(url) && new URL(url).origin !== origin);
      expect(outside).toEqual([]);
      expect(requested).toContain(`${origin}/graphql`);
      expect(requested).toContain(`${origin}/catalog/assets/dagre.min.js`);
    }, 60_000);

    it('searches', async () => {
      await page.getByRole('searchbox', { name: 'Search' }).fill('crm-team');
      const rows = page.locator('table.products tbody tr');
      const owned = contracts.filter((c) => c.owner === 'crm-team').map(qualifiedName);
      await page.locator('[data-testid="range"]', { hasText: `of ${owned.length} (of ${contracts.length} products)` }).waitFor();
      await expect(rows.locator('a.product-link').allInnerTexts()).resolves.toEqual(owned);
      await page.getByRole('searchbox', { name: 'Search' }).fill('');
      await expect(rows.count()).resolves.toBe(contracts.length);
    }, 30_000);

    it('opens a product: its lineage graph, impact and columns', async () => {
      const focus = 'customers.customers';
      await page.getByRole('link', { name: focus, exact: true }).click();
      const detail = page.locator(`.detail[data-product="${focus}"]`);
      await detail.waitFor({ timeout: 30_000 });
      const affected = transitiveDownstream(contracts, focus);
      expect(affected.length).toBeGreaterThan(0);
      // The graph: the product, its declared sources and every product built from it, as boxes in the SVG.
      const nodes = await detail.locator('svg.lineage g.node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
      const customers = contracts.find((c) => qualifiedName(c) === focus)!;
      for (const id of [focus, ...customers.lineage.upstream, ...affected]) expect(nodes).toContain(id);
      await expect(detail.locator('svg.lineage path.edge').count()).resolves.toBeGreaterThanOrEqual(customers.lineage.upstream.length + 1);
      // The impact: every affected product, with its owner.
      const impact = await detail.getByTestId('impact').innerText();
      for (const id of affected) {
        expect(impact).toContain(id);
        expect(impact).toContain(contracts.find((c) => qualifiedName(c) === id)!.owner);
      }
      const columns = await detail.locator('table.columns').innerText();
      for (const col of customers.versions.find((v) => v.status === 'current')!.columns) expect(columns).toContain(col.name);

      // Clicking a box of the graph opens that product: one whose columns reference this one.
      const next = affected.find((id) => contracts.find((c) => qualifiedName(c) === id)!.versions
        .some((v) => v.columns.some((col) => col.references && `${col.references.domain}.${col.references.product}` === focus)))!;
      expect(next).toBeDefined();
      await detail.locator(`svg.lineage g.node[data-id="${next}"]`).click();
      const nextDetail = page.locator(`.detail[data-product="${next}"]`);
      await nextDetail.waitFor({ timeout: 30_000 });
      await expect(nextDetail.locator('table.columns').innerText()).resolves.toContain(`references ${focus}`);
      await expect(nextDetail.locator(`svg.lineage g.node.focus[data-id="${next}"]`).count()).resolves.toBe(1);
      const outside = requested.filter((url) => !/^(data:|blob:)/.test(url) && new URL(url).origin !== origin);
      expect(outside).toEqual([]);
    }, 60_000);

    it('opens the gold product built from SQL: its lineage graph, build, column lineage, provenance and impact', async () => {
      const gold = contracts.find((c) => c.layer === 'gold' && c.build)!;
      expect(qualifiedName(gold)).toBe('sales.customer_values');
      // The inputs its SQL reads (schema/sales/customer_values.sql), and theirs.
      const inputs = ['customers.customers', 'sales.order_lines', 'sales.orders'];
      await page.goto(`${origin}/catalog`, { waitUntil: 'load' });
      const row = page.locator(`tr[data-product="${qualifiedName(gold)}"]`);
      await row.waitFor({ timeout: 30_000 });
      await expect(row.locator('.layer').innerText()).resolves.toBe('Gold');
      // The hub's graph draws the build edges from the catalog's lineage edges.
      for (const id of inputs) await expect(page.locator(`svg.lineage path.edge.kind-build[data-from="${id}"][data-to="${qualifiedName(gold)}"]`).count()).resolves.toBe(1);

      await page.getByRole('link', { name: qualifiedName(gold), exact: true }).click();
      const detail = page.locator(`.detail[data-product="${qualifiedName(gold)}"]`);
      await detail.waitFor({ timeout: 30_000 });
      await expect(detail.locator('.detail-head .layer').innerText()).resolves.toBe('Gold');
      // Its neighbourhood: the inputs it is built from and their own sources, each input by a build edge.
      const nodes = await detail.locator('svg.lineage g.node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
      expect(nodes).toEqual(expect.arrayContaining([qualifiedName(gold), ...inputs, 'merchandising.products', 'shop.raw_orders', 'crm.accounts']));
      for (const id of inputs) {
        await expect(detail.locator(`svg.lineage path.edge.kind-build[data-from="${id}"][data-to="${qualifiedName(gold)}"]`).count()).resolves.toBe(1);
      }
      await expect(detail.locator('svg.lineage g.node.focus').getAttribute('data-id')).resolves.toBe(qualifiedName(gold));
      const facts = await detail.locator('.facts').innerText();
      expect(facts).toContain(`built from ${inputs.join(', ')}`);
      // Its build: the SQL file, what it reads, the SQL itself.
      const build = detail.locator('section.card', { has: page.locator('h2', { hasText: 'Built from SQL (customer_values.sql)' }) });
      await expect(build.innerText()).resolves.toContain('Reads customers.customers v1, sales.order_lines v1, sales.orders v2');
      await expect(build.locator('pre.sql').innerText()).resolves.toContain('FROM customers.customers c');
      // Column lineage, from the SQL: an aggregate, a window function and a reference.
      await expect(detail.locator('tr[data-column="lifetime_value_cents"] .lineage-cell').innerText()).resolves.toBe('from sales.orders.amount_cents');
      await expect(detail.locator('tr[data-column="country_rank"] .lineage-cell').innerText()).resolves.toBe('from customers.customers.country, sales.orders.amount_cents');
      await expect(detail.locator('tr[data-column="customer_id"] .lineage-cell').innerText()).resolves.toContain('references customers.customers.customer_id');
      // Provenance: the snapshot of each input the latest snapshot was built from.
      const provenance = await detail.locator('td.provenance').first().innerText();
      const m = hub.hub.manifests;
      for (const [id, manifest] of [['customers.customers', m.customers], ['sales.order_lines', m.orderLines], ['sales.orders', m.ordersV2]] as const) {
        expect(provenance).toContain(`${id} v${manifest!.version} ${manifest!.snapshotId}`);
      }
      // A column traced: where it comes from and what it affects.
      await detail.locator('tr[data-column="lifetime_value_cents"]').click();
      const trace = detail.getByTestId('column-trace');
      await trace.waitFor({ timeout: 30_000 });
      await expect(trace.innerText()).resolves.toMatch(/Where lifetime_value_cents comes from[\s\S]*sales\.orders[\s\S]*amount_cents/);
      // Nothing is built from the gold product; the impact of an input reaches it.
      await expect(detail.getByTestId('impact').innerText()).resolves.toContain('Nothing in the hub reads this product');
      await page.getByRole('link', { name: 'customers.customers', exact: true }).first().click();
      const input = page.locator('.detail[data-product="customers.customers"]');
      await input.waitFor({ timeout: 30_000 });
      await expect(input.getByTestId('impact').innerText()).resolves.toContain(qualifiedName(gold));
      const outside = requested.filter((url) => !/^(data:|blob:)/.test(url) && new URL(url).origin !== origin);
      expect(outside).toEqual([]);
    }, 60_000);

    it('opens the page a deprecated version\'s Link header names, on that version', async () => {
      const res = await fetch(hub.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ ordersV1(first: 1) { nodes { orderId } } }' }) });
      const target = /<([^>]+)>; rel="deprecation"/.exec(res.headers.get('link') ?? '')?.[1];
      expect(target).toBe('/catalog#/product/sales.orders/v1');
      await page.goto(`${origin}${target}`, { waitUntil: 'load' });
      const detail = page.locator('.detail[data-product="sales.orders"]');
      await detail.waitFor({ timeout: 30_000 });
      const v1 = contracts.find((c) => qualifiedName(c) === 'sales.orders')!.versions.find((v) => v.version === 1)!;
      const note = await detail.getByTestId('deprecation').innerText();
      expect(note).toContain(`v1 is deprecated since ${v1.deprecatedAt} and is retired after ${v1.sunset}: ${v1.deprecationReason}`);
      expect(note).toContain('Deprecation and Sunset headers');
      await expect(detail.locator('h2', { hasText: 'Columns of v1' }).count()).resolves.toBe(1);
      await detail.getByRole('link', { name: 'v2', exact: true }).click();
      await detail.locator('h2', { hasText: 'Columns of v2' }).waitFor();
      await expect(detail.getByTestId('deprecation').count()).resolves.toBe(0);
    }, 60_000);

    // Last: it republishes an input.
    it('says why the gold product is stale once an input it was built from is republished', async () => {
      const gold = 'sales.customer_values';
      await page.goto(`${origin}/catalog#/product/${gold}`, { waitUntil: 'load' });
      await page.locator(`.detail[data-product="${gold}"]`).waitFor({ timeout: 30_000 });
      await expect(page.getByTestId('stale').count()).resolves.toBe(0);
      const republished = await publishRows(hub.hub.store, contracts, 'customers.customers', 1, hub.hub.data.customers);
      await page.reload({ waitUntil: 'load' });
      const stale = page.getByTestId('stale');
      await stale.waitFor({ timeout: 30_000 });
      const text = await stale.innerText();
      expect(text).toContain('Stale because of');
      expect(text).toContain('customers.customers v1');
      expect(text).toContain(republished.snapshotId);
    }, 60_000);
  });

  // A hub of a thousand products, never published: the list pages, the search finds one, and its graph is its
  // neighbourhood (two hops up and down), not the whole hub.
  describe('in a hub of 1,000 products', () => {
    const COUNT = 1000;
    let hub: TestHub;
    let dir: string;
    let upstream: Map<string, string[]>;
    let page: Page;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'tessera-many-'));
      upstream = (await writeManyContracts(dir, COUNT)).upstream;
      hub = await startTestHub({ schemaDir: dir });
      page = await chromium!.browser.newPage();
    }, 60_000);

    afterAll(async () => {
      await page?.close();
      await hub?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    /** Ids reachable from `from` in at most `depth` steps of `next` (all of them without a depth). */
    const reach = (from: string, next: (id: string) => string[], depth = Infinity): Set<string> => {
      const seen = new Set<string>();
      let frontier = [from];
      for (let d = 1; d <= depth && frontier.length; d += 1) {
        frontier = frontier.flatMap(next).filter((id) => !seen.has(id) && id !== from);
        for (const id of frontier) seen.add(id);
      }
      return seen;
    };

    it('pages the list and draws one product\'s neighbourhood with its whole impact', async () => {
      await page.goto(`${new URL(hub.gateway.url).origin}/catalog`, { waitUntil: 'load' });
      const range = page.getByTestId('range');
      await range.filter({ hasText: `1–25 of ${COUNT}` }).waitFor({ timeout: 30_000 });
      await expect(page.locator('table.products tbody tr').count()).resolves.toBe(25);
      await page.getByRole('button', { name: 'Next →' }).click();
      await range.filter({ hasText: `26–50 of ${COUNT}` }).waitFor();
      // Never published: every product is stale.
      await expect(page.locator('.tiles').innerText()).resolves.toMatch(new RegExp(`${COUNT}\\s+Stale`, 'i'));

      const focus = 'd04.p0031';
      await page.getByRole('searchbox', { name: 'Search' }).fill(focus);
      await range.filter({ hasText: `1–1 of 1 (of ${COUNT} products)` }).waitFor();
      await page.getByRole('link', { name: focus, exact: true }).click();
      const detail = page.locator(`.detail[data-product="${focus}"]`);
      await detail.locator('svg.lineage').waitFor({ timeout: 30_000 });

      const downstream = (id: string): string[] => [...upstream].filter(([, ups]) => ups.includes(id)).map(([d]) => d);
      const expected = new Set([focus, ...reach(focus, (id) => upstream.get(id) ?? [], 2), ...reach(focus, downstream, 2)]);
      const nodes = await detail.locator('svg.lineage g.node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
      expect(new Set(nodes)).toEqual(expected);
      const affected = reach(focus, downstream);
      expect(affected.size).toBeGreaterThan(expected.size);
      await expect(detail.getByTestId('impact').innerText()).resolves.toContain(`${affected.size} downstream products`);
    }, 60_000);
  });
});
