import type { Browser } from 'playwright-core';
import { describeInChromium, launchChromium } from '@surge/testing';
import { startOnNewTopic, stop, type Intake } from '../test-support/intake-harness';

describeInChromium('/docs under the security headers, in headless chromium', () => {
  let browser: Browser;
  let intake: Intake;
  beforeAll(async () => {
    intake = await startOnNewTopic();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stop(intake);
  });

  it('renders the API document with nothing blocked by the Content-Security-Policy', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    const response = await page.goto(`${intake.url}/docs`);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
    await expect(page.locator('.swagger-ui .info .title').textContent()).resolves.toContain('Surge order intake');
    await expect(page.locator('.opblock-summary-path').allTextContents()).resolves.toEqual(
      expect.arrayContaining(['/orders', '/orders/{id}']),
    );
    expect(problems).toEqual([]);
  });
});
