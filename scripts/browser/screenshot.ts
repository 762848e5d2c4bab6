import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '@surge/testing';

/** Usage: node -r ./scripts/register.js scripts/browser/screenshot.ts <report.html> <out.png> [width] */
async function main(): Promise<void> {
  const [html, png, width = '1000'] = process.argv.slice(2);
  if (!html || !png) throw new Error('usage: screenshot.ts <report.html> <out.png> [width]');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: Number(width), height: 800 }, deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(resolve(html)).href);
    await page.screenshot({ path: png, fullPage: true });
  } finally {
    await browser.close();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
