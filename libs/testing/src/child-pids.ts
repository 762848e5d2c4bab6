import { readFileSync } from 'node:fs';

/** The direct children of a process (a cluster primary's workers), from /proc; none once it has exited. */
export function childPids(pid: number): number[] {
  let children: string;
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  } catch {
    return [];
  }
  return children ? children.split(' ').map(Number) : [];
}
