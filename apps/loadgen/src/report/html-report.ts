import type { RunReport } from './run-report';
import { lineChart } from './svg-chart';

const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const n = (v: number) => v.toLocaleString('en-US');

/** One self-contained HTML file: inline CSS and SVG, no script, no network. */
export function renderHtmlReport(report: RunReport): string {
  const t = report.timeline;
  const mid = (s: { second: number }) => s.second + 0.5;
  const xMax = Math.max(1, t.length, ...report.backlog.map((b) => b.t));
  const charts = [
    lineChart({
      xMax,
      id: 'chart-rate',
      title: 'Intake rate: target vs achieved',
      yLabel: 'orders / s',
      series: [
        { name: 'target', color: '#9aa5b1', dashed: true, points: t.map((s) => [mid(s), s.target]) },
        { name: 'sent', color: '#2563eb', points: t.map((s) => [mid(s), s.sent]) },
        { name: 'accepted (202)', color: '#16a34a', points: t.map((s) => [mid(s), s.accepted]) },
        {
          name: 'refused (4xx/5xx)',
          color: '#dc2626',
          points: t.map((s) => [mid(s), s.status['4xx'] + s.status['5xx'] + s.status.error]),
        },
      ],
    }),
    lineChart({
      xMax,
      id: 'chart-latency',
      title: 'Latency from scheduled send (per second of answer)',
      yLabel: 'ms',
      series: [
        {
          name: 'p50',
          color: '#2563eb',
          points: t.filter((s) => s.latencyMs.max > 0).map((s) => [mid(s), s.latencyMs.p50]),
        },
        {
          name: 'p90',
          color: '#7c3aed',
          points: t.filter((s) => s.latencyMs.max > 0).map((s) => [mid(s), s.latencyMs.p90]),
        },
        {
          name: 'p99',
          color: '#ea580c',
          points: t.filter((s) => s.latencyMs.max > 0).map((s) => [mid(s), s.latencyMs.p99]),
        },
        {
          name: 'max',
          color: '#9aa5b1',
          dashed: true,
          points: t.filter((s) => s.latencyMs.max > 0).map((s) => [mid(s), s.latencyMs.max]),
        },
      ],
    }),
    lineChart({
      xMax,
      id: 'chart-backlog',
      title: 'Backlog (consumer lag, orders)',
      yLabel: 'orders',
      series: [{ name: 'backlog', color: '#ea580c', points: report.backlog.map((b) => [b.t, b.totalLag]) }],
    }),
    lineChart({
      xMax,
      id: 'chart-drain',
      title: 'Drain rate (orders stored per second, 10 s window)',
      yLabel: 'orders / s',
      series: [
        { name: 'drain rate', color: '#16a34a', points: report.backlog.map((b) => [b.t, b.drainRatePerSecond]) },
      ],
    }),
  ].join('\n');

  const l = report.load;
  const cards: Array<[string, string]> = [
    ['verdict', report.verdict],
    ['orders sent', `${n(l.firstAttemptsSent)} / ${n(l.scheduled)}`],
    ['peak achieved / target', `${n(l.achievedPeakPerSecond)} / ${n(l.targetPeakPerSecond)} per s`],
    ['latency p50 / p99 / max', `${l.latencyMs.p50} / ${l.latencyMs.p99} / ${l.latencyMs.max} ms`],
    ['peak backlog', n(report.drain.maxBacklog)],
    ['drained after the load', `${report.drain.completed ? '' : 'not '}in ${report.drain.seconds} s`],
  ];
  const audit = report.audit
    ? `<h2>Audit</h2>
<table class="audit"><thead><tr><th></th><th>check</th><th>expected</th><th>actual</th></tr></thead><tbody>
${report.audit.checks
  .map(
    (c) =>
      `<tr class="${c.gate ? (c.pass ? 'pass' : 'fail') : 'info'}"><td>${c.gate ? (c.pass ? 'PASS' : 'FAIL') : 'info'}</td><td>${esc(c.name)}${
        !c.pass && c.examples ? `<ul>${c.examples.map((e) => `<li><code>${esc(e)}</code></li>`).join('')}</ul>` : ''
      }</td><td>${esc(c.expected)}</td><td>${esc(c.actual)}</td></tr>`,
  )
  .join('\n')}
</tbody></table>
<p>${n(report.audit.counts.orders)} orders planned: ${n(report.audit.counts.accepted)} accepted (${n(report.audit.counts.fulfilled)} fulfilled, ${
        Object.entries(report.audit.counts.rejected)
          .map(([k, v]) => `${n(v)} rejected ${esc(k)}`)
          .join(', ') || '0 rejected'
      }), ${n(report.audit.counts.refused)} refused, ${n(report.audit.counts.indeterminate)} ended on 503 or without an answer.</p>
<h3>Stock per SKU</h3>
<table class="audit"><thead><tr><th></th><th>SKU</th><th>stocked</th><th>sold</th><th>left</th></tr></thead><tbody>
${report.audit.skus
  .map(
    (s) =>
      `<tr class="${s.pass ? 'pass' : 'fail'}"><td>${s.pass ? 'PASS' : 'FAIL'}</td><td>${esc(s.sku)}</td><td>${n(s.stocked)}</td><td>${n(s.sold)}</td><td>${s.left === null ? '–' : n(s.left)}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`
    : '<h2>Audit</h2><p>Not audited (--no-audit).</p>';

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Flash sale ${esc(String(report.options.runId))}: ${report.verdict}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:960px;color:#1f2933;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}h3{font-size:15px}
.meta{color:#616e7c;margin:0 0 16px}
.cards{display:grid;grid-template-columns:repeat(3,1fr);gap:8px}
.card{border:1px solid #e4e7eb;border-radius:6px;padding:8px 12px}.card b{display:block;font-size:18px}
.card.PASS b{color:#16a34a}.card.FAIL b{color:#dc2626}
.chart{margin:18px 0}.chart figcaption{font-weight:600;margin-bottom:4px}
.legend{font-weight:400;margin-left:12px}.key{margin-right:12px;color:#52606d}.key i{display:inline-block;width:12px;height:3px;margin:0 4px 3px 0;vertical-align:middle}
svg text{font-size:11px;fill:#52606d}svg .label{font-size:12px}.grid{stroke:#eef0f2}.axis{stroke:#9aa5b1}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e4e7eb;vertical-align:top}
tr.pass td:first-child{color:#16a34a;font-weight:600}tr.fail td:first-child{color:#dc2626;font-weight:600}tr.info td:first-child{color:#616e7c}
ul{margin:4px 0 0 16px;padding:0}code{font-size:12px}
</style></head><body>
<h1>Flash sale ${esc(String(report.options.runId))} <span class="verdict ${report.verdict}">${report.verdict}</span></h1>
<p class="meta">${esc((report.options.profile as { name: string }).name)} profile, ${report.load.durationSeconds} s against ${esc(String(report.options.intakeUrl))}; generated ${esc(report.generatedAt)} on ${report.machine.cpus} CPUs, Node ${esc(report.machine.node)}.</p>
<div class="cards">${cards.map(([k, v]) => `<div class="card ${k === 'verdict' ? esc(v) : ''}">${esc(k)}<b>${esc(v)}</b></div>`).join('')}</div>
<h2>Load</h2>
${charts}
<p>${n(l.requests)} requests (${n(l.retries)} retries after 503/429/timeouts, ${n(l.resubmissions)} resubmissions with the same key${l.droppedByTool ? `, ${n(l.droppedByTool)} dropped by the tool` : ''}); answers ${esc(
    Object.entries(l.statusCodes)
      .map(([k, v]) => `${k}: ${n(v)}`)
      .join(', '),
  )}. Worst send lag behind schedule: ${l.maxSendLagMs} ms.</p>
${audit}
</body></html>
`;
}
