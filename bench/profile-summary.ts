import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Where a frame's code lives: a package, node's internals, our sources, or V8 itself. */
function owner(url: string, functionName: string): string {
  if (!url) return `(${functionName || 'native'})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const rel = /\/(apps|libs)\/[^/]+/.exec(url);
  return rel ? rel[0].slice(1) : url;
}

/** The .cpuprofile files in dir written since `since` (epoch ms), newest first: one per thread of a run. */
export function profilesSince(dir: string, since: number): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).mtimeMs >= since)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
}

/**
 * Self time of one thread's .cpuprofile, grouped by package and by function,
 * over its last windowMs only (the load, not the boot), as shares of the busy
 * (not idle) time, with that busy time in ms so threads can be compared.
 */
export function summarizeProfile(file: string, windowMs: number, top = 20): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
    endTime: number;
  };
  const hitsById = new Map<number, number>();
  const usById = new Map<number, number>();
  let t = profile.endTime;
  for (let i = profile.samples.length - 1; i >= 0 && profile.endTime - t < windowMs * 1000; i--) {
    hitsById.set(profile.samples[i], (hitsById.get(profile.samples[i]) ?? 0) + 1);
    // A sample stands for the time until the next one.
    const until = i + 1 < profile.timeDeltas.length ? profile.timeDeltas[i + 1] : 0;
    usById.set(profile.samples[i], (usById.get(profile.samples[i]) ?? 0) + until);
    t -= profile.timeDeltas[i];
  }
  const nodes = profile.nodes.map((n) => ({ ...n, hitCount: hitsById.get(n.id) ?? 0 }));
  const isIdle = (n: ProfileNode) => n.callFrame.functionName === '(idle)';
  // Shares of the time the process was busy: how idle it was depends on how
  // loaded the machine and the generator were, not on intake.
  const idle = nodes.filter(isIdle).reduce((s, n) => s + n.hitCount, 0);
  const total = nodes.reduce((s, n) => s + n.hitCount, 0) - idle;
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const n of nodes.filter((node) => !isIdle(node))) {
    const hits = n.hitCount ?? 0;
    const o = owner(n.callFrame.url, n.callFrame.functionName);
    byOwner.set(o, (byOwner.get(o) ?? 0) + hits);
    const f = `${n.callFrame.functionName || '(anonymous)'} ${o}`;
    byFunction.set(f, (byFunction.get(f) ?? 0) + hits);
  }
  const table = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `  ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`)
      .join('\n');
  const idleShare = ((100 * idle) / (total + idle)).toFixed(1);
  const busyMs = Math.round(
    nodes.filter((node) => !isIdle(node)).reduce((s, n) => s + (usById.get(n.id) ?? 0), 0) / 1000,
  );
  return `${file}\n${idleShare}% idle, ${busyMs} ms busy; shares below are of the busy time\nself time by owner:\n${table(byOwner)}\nself time by function:\n${table(byFunction)}`;
}
