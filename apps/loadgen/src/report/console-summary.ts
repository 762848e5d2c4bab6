import type { RunReport } from './run-report';

const count = (value: number) => value.toLocaleString('en-US');

/** The lines a run prints at its end: load, latency, drain, each audit check, and the verdict. */
export function summaryLines(report: RunReport): string[] {
  const { load, drain, audit } = report;
  const lines = [
    `load: ${count(load.firstAttemptsSent)}/${count(load.scheduled)} orders sent (peak ${count(load.achievedPeakPerSecond)}/s for a target of ${count(load.targetPeakPerSecond)}/s), ` +
      `${count(load.requests)} requests incl. ${count(load.retries)} retries and ${count(load.resubmissions)} resubmissions; answers ${JSON.stringify(load.statusCodes)}` +
      `${load.droppedByTool ? `; ${count(load.droppedByTool)} dropped by the tool (--max-pending)` : ''}`,
    `latency from scheduled send: p50 ${load.latencyMs.p50} ms, p90 ${load.latencyMs.p90} ms, p99 ${load.latencyMs.p99} ms, max ${load.latencyMs.max} ms`,
    `drain: peak backlog ${count(drain.maxBacklog)}, ${drain.completed ? 'done' : 'NOT done'} ${drain.seconds} s after the load`,
  ];
  if (audit) {
    const counts = audit.counts;
    const rejected =
      Object.entries(counts.rejected)
        .map(([reason, orders]) => `${count(orders)} rejected (${reason})`)
        .join(', ') || '0 rejected';
    lines.push(
      `audit: ${count(counts.accepted)} accepted → ${count(counts.fulfilled)} fulfilled, ${rejected}; ` +
        `${count(counts.refused)} refused; ${count(counts.indeterminate)} unanswered/503 (${counts.storedAfterIndeterminate} of them stored)`,
    );
    for (const check of audit.checks) {
      lines.push(
        `  ${check.gate ? (check.pass ? 'ok  ' : 'FAIL') : 'info'} ${check.name}: ${check.actual} (expected ${check.expected})`,
      );
      for (const example of check.pass ? [] : (check.examples ?? []).slice(0, 3)) lines.push(`         ${example}`);
    }
    for (const sku of audit.skus.filter((level) => !level.pass))
      lines.push(`  FAIL ${sku.sku}: stocked ${sku.stocked}, sold ${sku.sold}, left ${sku.left ?? '-'}`);
  }
  lines.push(
    report.verdict === 'PASS'
      ? 'PASS: every accepted order stored once, nothing refused stored, no SKU oversold'
      : report.verdict === 'FAIL'
        ? 'FAIL: see the checks above'
        : 'NOT AUDITED (--no-audit)',
  );
  return lines;
}
