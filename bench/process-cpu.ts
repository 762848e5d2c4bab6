import { readFileSync } from 'node:fs';
import { childPids } from '@surge/testing';

/**
 * CPU time (user + system) a process and its direct children (a cluster
 * primary's workers) used so far, in ms, from /proc (Linux clock ticks are 10 ms).
 */
export function cpuMs(pid: number): number {
  return [pid, ...childPids(pid)].reduce((sum, p) => {
    const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
    return sum + (Number(fields[11]) + Number(fields[12])) * 10;
  }, 0);
}
