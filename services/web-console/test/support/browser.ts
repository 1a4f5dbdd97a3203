import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (apt package `chromium`); Playwright never downloads a browser of its own here. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * The browser must be on the machine: the test command installs it (apt-get install chromium).
 * A test run as root with apt-get at hand installs it itself once; otherwise it fails loudly.
 */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const root = process.getuid?.() === 0;
  if (root && existsSync('/usr/bin/apt-get')) {
    const result = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { encoding: 'utf8', timeout: 600_000 });
    if (result.status === 0 && existsSync(CHROMIUM)) return;
    throw new Error(`browser tests need Debian's chromium; apt-get install chromium failed:\n${result.stdout}\n${result.stderr}`);
  }
  throw new Error(`browser tests need Debian's chromium at ${CHROMIUM}: run apt-get install -y chromium (as root)`);
}

/** Headless Chromium as this machine allows it: no sandbox (root), no GPU, no background connections, a fresh profile. */
export async function launchBrowser(): Promise<Browser> {
  ensureChromium();
  const profile = mkdtempSync(join(tmpdir(), 'lesp-chromium-'));
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Playwright gives every launch its own new profile folder; the flags below keep Chromium off the network.
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

/** Screenshots of each screen, under test-results/screenshots/<suite>/. */
export function screenshots(suite: string, repoRoot: string) {
  const dir = join(repoRoot, 'test-results', 'screenshots', suite);
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return async (page: Page, name: string) => {
    n += 1;
    await page.screenshot({ path: join(dir, `${String(n).padStart(2, '0')}-${name}.png`), fullPage: true });
  };
}

/** Picks an option of an Ant Design select: opens it by its input id, then clicks the option's text. */
export async function pick(page: Page, inputId: string, optionText: string): Promise<void> {
  // The selected value's label lies over the input: the click reaches the select through it.
  await page.locator(`#${inputId}`).click({ force: true });
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: optionText })
    .first()
    .click();
}
