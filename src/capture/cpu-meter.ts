// The capture's CPU for its status line: this process (every thread: the analysis worker too) and
// its capture programs, read from /proc/PID/stat (utime + stime, fields 14 and 15, in USER_HZ ticks).

import { readFileSync } from 'node:fs';

/** Linux's USER_HZ: 100 on every architecture it runs on (sysconf(_SC_CLK_TCK)). */
const TICKS_PER_SECOND = 100;

/** CPU seconds a process has used, or 0 once it has gone. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU use between calls, as a share of one core (1 = one core busy). */
export class CpuMeter {
  private last: { at: number; cpu: number } | undefined;
  /** The programs' CPU as last seen: an exited one keeps counting what it used. */
  private readonly seen = new Map<number, number>();

  constructor(private readonly pids: () => readonly number[]) {}

  total(): number {
    const own = process.cpuUsage();
    let cpu = (own.user + own.system) / 1e6;
    for (const pid of this.pids()) {
      const s = processCpuSeconds(pid);
      if (s > 0) this.seen.set(pid, s);
    }
    for (const s of this.seen.values()) cpu += s;
    return cpu;
  }

  /** Cores busy since the last call (the first call: since this process started). */
  sample(): number {
    const at = performance.now() / 1000;
    const cpu = this.total();
    const prev = this.last ?? { at: 0, cpu: 0 };
    this.last = { at, cpu };
    return at > prev.at ? (cpu - prev.cpu) / (at - prev.at) : 0;
  }
}
