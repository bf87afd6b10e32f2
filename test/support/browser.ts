import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ensureChromium } from '../../runtime/chromium';
import { runtimeHome } from '../../runtime/paths';

/**
 * Flags for a quiet, headless Chromium in a container: no sandbox (containers run as root),
 * no GPU, and none of the background traffic (updates, sync, QUIC probes) a test does not want.
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where the e2e tests write screenshots: git-ignored, kept after the run for a look. */
export const SCREENSHOT_DIR = path.join(runtimeHome(), 'screenshots');

export interface TestBrowser {
  /** A new tab. Each tab has its own sessionStorage, so each holds its own login. */
  newPage(): Promise<Page>;
  /** Errors the pages raised, and console errors (a CSP violation is one): a test expects none. */
  readonly pageErrors: string[];
  close(): Promise<void>;
}

/**
 * Launches Debian's Chromium (installing it first when root and missing: runtime/chromium.ts)
 * with a fresh profile directory, removed again on close. Playwright takes the profile
 * directory as the `userDataDir` of a persistent context instead of a `--user-data-dir` flag.
 */
export interface BrowserOptions {
  /** The browser's language; the portal starts in Chinese for `zh-CN`, in English otherwise. */
  readonly locale?: 'en-GB' | 'zh-CN';
}

export async function launchBrowser({ locale = 'en-GB' }: BrowserOptions = {}): Promise<TestBrowser> {
  const executablePath = await ensureChromium();
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'closeloop-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1360, height: 900 },
      locale,
      timezoneId: 'Asia/Shanghai',
    });
  } catch (err) {
    await rm(userDataDir, { recursive: true, force: true });
    throw err;
  }
  const pageErrors: string[] = [];
  const watch = (page: Page): void => {
    page.on('pageerror', (err) => pageErrors.push(`page error: ${err.message}`));
    page.on('console', (message) => {
      // failed fetches are logged as console errors too; the tests cause some on purpose (401, 404)
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(`console: ${message.text()}`);
    });
  };
  // the persistent context opens with one blank tab: use it first
  const blank = context.pages().filter((p) => p.url() === 'about:blank');
  return {
    pageErrors,
    async newPage() {
      const page = blank.shift() ?? (await context.newPage());
      watch(page);
      return page;
    },
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Launches the browser before the file's tests and closes it after them. */
export function useBrowser(options: BrowserOptions = {}): () => TestBrowser {
  let browser: TestBrowser | undefined;
  // an apt-get install of Chromium, when needed, takes minutes
  beforeAll(async () => {
    browser = await launchBrowser(options);
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the browser starts in beforeAll');
    return browser;
  };
}

/** Saves a full-page screenshot as `<SCREENSHOT_DIR>/<name>.png` and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
