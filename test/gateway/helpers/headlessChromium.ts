import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';

/** The browser: `CHROMIUM_PATH`, else the usual Debian/Ubuntu locations. */
export const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']
  .find((path): path is string => !!path && existsSync(path)) ?? '/usr/bin/chromium';

/** How to get one. */
export const INSTALL_CHROMIUM = 'apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH)';

/**
 * `describe` when a Chromium is installed or under CI (which installs it and must fail without it), else
 * `describe.skip` after a warning naming the test and how to install a browser.
 */
export function describeWithChromium(what: string): jest.Describe {
  const available = existsSync(CHROMIUM);
  if (!available && !process.env.CI) console.warn(`Skipping the ${what} browser test: no Chromium found. Install it with: ${INSTALL_CHROMIUM}`);
  return available || process.env.CI ? describe : describe.skip;
}

/** A headless Chromium with a fresh profile; `close` also removes the profile. */
export interface HeadlessChromium {
  browser: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches Debian's Chromium headless with a fresh profile and no background traffic of its own (no component
 * updates, sync or first-run pages), so every request it makes is one a page asked for.
 * @throws Error when no Chromium is installed, saying how to install one.
 */
export async function launchChromium(what: string): Promise<HeadlessChromium> {
  if (!existsSync(CHROMIUM)) throw new Error(`expected Chromium at ${CHROMIUM} for the ${what} test; install it with: ${INSTALL_CHROMIUM}`);
  const profile = mkdtempSync(join(tmpdir(), 'tessera-chromium-'));
  // A fresh profile each run (playwright passes it as --user-data-dir).
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
