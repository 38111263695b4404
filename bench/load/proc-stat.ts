/**
 * Server cost from /proc (proc(5)): CPU seconds (utime + stime, fields 14 and 15 of /proc/PID/stat) and
 * resident memory (field 24, pages) summed over a set of processes, and CPU affinity with `taskset`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
const PAGE = Number(execFileSync('getconf', ['PAGESIZE']).toString().trim());

/** Fields after the command name: index 0 is field 3 (state). */
function stat(pid: number): string[] | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}
const field = (f: string[], n: number): number => Number(f[n - 3]);

/** CPU seconds used so far by `pids` (those still alive). */
export function cpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const f = stat(pid);
    if (f) ticks += field(f, 14) + field(f, 15);
  }
  return ticks / TICKS;
}

/** Resident set of `pids` in MiB (Kamailio's shared memory counts once per process that touched it). */
export function rssMiB(pids: readonly number[]): number {
  let pages = 0;
  for (const pid of pids) {
    const f = stat(pid);
    if (f) pages += field(f, 24);
  }
  return (pages * PAGE) / 2 ** 20;
}

/** Every process in process group `leader` (run.sh starts Kamailio with setsid). */
export function processGroup(leader: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      const f = stat(pid);
      return f !== undefined && field(f, 5) === leader;
    });
}

/** Pins every thread of `pids` to `cpus` (e.g. "0"); false when taskset is missing or refuses. */
export function pin(pids: readonly number[], cpus: string): boolean {
  try {
    for (const pid of pids)
      execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Whether `pid` is alive (signal 0). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
