import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium (scripts/browser/ensure-chromium.sh installs it); playwright's own download is not used. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * Whether a browser spec can run. Skipped only on a developer machine without
 * chromium (saying so); in CI a missing browser fails the run instead of
 * silently skipping the check.
 */
export function chromiumOrSkip(what: string): boolean {
  if (chromiumInstalled()) return true;
  const fix = 'bash scripts/browser/ensure-chromium.sh';
  if (process.env.CI) throw new Error(`chromium is missing at ${CHROMIUM_PATH}; run: ${fix}`);
  process.stderr.write(`SKIPPED ${what}: no chromium at ${CHROMIUM_PATH} (${fix})\n`);
  return false;
}
