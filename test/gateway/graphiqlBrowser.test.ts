import type { HeadlessChromium } from './helpers/headlessChromium';
import { describeWithChromium, launchChromium } from './helpers/headlessChromium';
import type { TestHub } from './helpers/startTestHub';
import { startTestHub } from './helpers/startTestHub';

// Drives Chromium headless against the gateway: the GraphiQL page must load with no request leaving the machine (no
// CDN), show the explorer, and run a query. CI installs Chromium (.ci/run) and fails without it; on a developer's
// machine without a browser the test is skipped with a warning saying how to install one.
describeWithChromium('GraphiQL')('GraphiQL in a browser, offline', () => {
  let hub: TestHub;
  let chromium: HeadlessChromium | undefined;

  beforeAll(async () => {
    chromium = await launchChromium('GraphiQL');
    hub = await startTestHub();
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await hub?.stop();
  });

  it('loads from the gateway alone and runs the first query', async () => {
    const page = await chromium!.browser.newPage();
    const requested: string[] = [];
    page.on('request', (req) => requested.push(req.url()));
    const origin = new URL(hub.gateway.url).origin;
    const response = await page.goto(`${origin}/`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    await page.locator('.graphiql-execute-button').waitFor({ timeout: 30_000 });
    // The explorer plugin is inlined in the page: its sidebar button is there.
    await expect(page.locator('[aria-label="Show GraphiQL Explorer"], [aria-label="Hide GraphiQL Explorer"]').count()).resolves.toBeGreaterThan(0);
    await page.locator('.graphiql-execute-button').click();
    // The result pane is an editor that renders only its visible lines: the first product is in view.
    await page.locator('.graphiql-response').getByText('merchandising.products').first().waitFor({ timeout: 30_000 });
    const text = await page.locator('.graphiql-response').innerText();
    expect(text).toMatch(/"owner":\s*"merchandising"/);
    const outside = requested.filter((url) => !/^(data:|blob:)/.test(url) && new URL(url).origin !== origin);
    expect(outside).toEqual([]);
    expect(requested.some((url) => url.startsWith(`${origin}/graphql`))).toBe(true);
  }, 90_000);
});
