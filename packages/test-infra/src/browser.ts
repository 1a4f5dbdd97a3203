import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT } from './infrastructure.js';

/**
 * Browser tests (`@lesp/test-infra/browser`): Debian's Chromium driven by playwright-core, which
 * never downloads a browser of its own here. The test command installs the package (apt
 * `chromium`); without it a browser test fails loudly, it is never skipped.
 */
export const CHROMIUM = '/usr/bin/chromium';

/** Headless Chromium as this machine allows it: no sandbox (root), no GPU, no background connections, a fresh profile. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `browser tests need Debian's chromium at ${CHROMIUM} (bash scripts/test.sh installs it; or apt-get install -y chromium)`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'lesp-chromium-'));
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Without the background-networking flags Chromium keeps trying hosts this closed network refuses.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--disk-cache-dir=${profile}`,
    ],
  });
}

/** Saves a numbered full-page screenshot of each screen under test-results/screenshots/<suite>/. */
export function screenshots(suite: string): (page: Page, name: string) => Promise<void> {
  const dir = join(REPO_ROOT, 'test-results', 'screenshots', suite);
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return async (page, name) => {
    n += 1;
    await page.screenshot({ path: join(dir, `${String(n).padStart(2, '0')}-${name}.png`), fullPage: true });
  };
}
