import { existsSync } from 'node:fs';
import { run } from './exec';

/**
 * Debian's Chromium, which the end-to-end tests drive through playwright-core. Playwright's own
 * browser downloads are not reachable from the project's machines; the distribution's package is.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Chinese names and categories must render in screenshots: Debian's headless Chromium ships no CJK font. */
const CJK_FONT_PATH = '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc';

const PACKAGES = ['chromium', 'fonts-wqy-zenhei'];
const INSTALL_COMMAND = `apt-get install -y ${PACKAGES.join(' ')}`;

/**
 * Returns the path of Chromium, installing Debian's `chromium` package first when it is missing
 * and this process runs as root (`apt-get update` once more if the package lists are stale).
 * Anyone else gets an error that names the command to run. An install takes a few minutes.
 */
export async function ensureChromium({ log = (_line: string): void => undefined } = {}): Promise<string> {
  if (existsSync(CHROMIUM_PATH) && existsSync(CJK_FONT_PATH)) return CHROMIUM_PATH;
  if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}; the end-to-end tests need Debian's chromium package (${INSTALL_COMMAND}).`);
  }
  if (process.getuid?.() !== 0) {
    throw new Error(`Chromium (${CHROMIUM_PATH}) or its CJK font is missing; install them as root with: sudo ${INSTALL_COMMAND}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  log(`Chromium or its CJK font is missing; running ${INSTALL_COMMAND}`);
  try {
    await run('apt-get', ['install', '-y', ...PACKAGES], { env });
  } catch {
    // a fresh machine may not have package lists yet, or stale ones that name removed versions
    log('apt-get install failed; running apt-get update and trying again');
    await run('apt-get', ['update'], { env });
    await run('apt-get', ['install', '-y', ...PACKAGES], { env });
  }
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`apt-get installed chromium, but ${CHROMIUM_PATH} is still missing`);
  log(`Chromium installed at ${CHROMIUM_PATH}`);
  return CHROMIUM_PATH;
}
