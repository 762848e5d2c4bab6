import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { testStack } from './test-stack';

/** Debian's chromium (scripts/browser/ensure-chromium.sh installs it); playwright's own download is not used. */
export const CHROMIUM_PATH = testStack.chromiumPath;

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
 * `describe` for specs that need the browser. .ci/run installs chromium, so
 * in CI a missing browser fails the run instead of silently skipping the
 * check; on a developer machine without it the specs are skipped, saying so.
 */
export function describeInChromium(title: string, specs: () => void): void {
  const available = chromiumInstalled();
  if (!available && testStack.ci) {
    throw new Error(`chromium is missing at ${CHROMIUM_PATH}; run: bash scripts/browser/ensure-chromium.sh`);
  }
  if (!available) {
    process.stderr.write(
      `SKIPPED ${title}: no chromium at ${CHROMIUM_PATH} (bash scripts/browser/ensure-chromium.sh)\n`,
    );
  }
  (available ? describe : describe.skip)(title, specs);
}
