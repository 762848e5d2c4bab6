import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { describeInChromium, launchChromium } from '@surge/testing';
import { reportFixture } from '../test-support/report-fixture';
import { renderHtmlReport } from './html-report';

describeInChromium('HTML report in headless chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    browser = await launchChromium();
    dir = await mkdtemp(join(tmpdir(), 'loadgen-report-'));
  });
  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('renders every chart with drawn lines, and the audit table, without the network', async () => {
    const file = join(dir, 'report.html');
    await writeFile(file, renderHtmlReport(reportFixture()));
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);

    const charts = await page.$$eval('figure.chart', (figures) =>
      figures.map((figure) => ({
        id: figure.id,
        height: figure.querySelector('svg')?.getBoundingClientRect().height ?? 0,
        lines: [...figure.querySelectorAll('path.series')].map((p) => ({
          series: p.getAttribute('data-series'),
          length: (p as unknown as { getTotalLength(): number }).getTotalLength(),
        })),
      })),
    );
    expect(charts.map((c) => c.id)).toEqual(['chart-rate', 'chart-latency', 'chart-backlog', 'chart-drain']);
    for (const chart of charts) {
      expect(chart.height).toBeGreaterThan(100);
      expect(chart.lines.length).toBeGreaterThan(0);
      for (const line of chart.lines) expect(line.length).toBeGreaterThan(100);
    }
    expect(charts[0].lines.map((l) => l.series)).toEqual(['target', 'sent', 'accepted (202)', 'refused (4xx/5xx)']);

    const auditRows = await page.$$eval('table.audit tbody tr', (rows) => rows.map((r) => r.textContent ?? ''));
    expect(auditRows.some((r) => r.includes('every 202 is stored exactly once'))).toBe(true);
    expect(auditRows.some((r) => r.includes('PHONE'))).toBe(true);
    expect(await page.title()).toContain('PASS');
    expect(requests.filter((url) => !url.startsWith('file:'))).toEqual([]);
  });
});
