// Who made a mirror: this process's pid and start time (clock ticks since boot, /proc/PID/stat
// field 22), so a leftover is told from a live capture even after its pid was reused.

import { readFileSync } from 'node:fs';

export const OWNER_KEY = 'ovsforensics-capture';
export const BRIDGE_KEY = 'ovsforensics-bridge';

export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

export function ownerTag(pid = process.pid): string {
  return `${pid}/${processStartTime(pid) ?? '0'}`;
}

/** True while the process that wrote the tag still runs (same pid, same start time). */
export function ownerAlive(tag: string): boolean {
  const [pid, start] = tag.split('/');
  const n = Number(pid);
  return Number.isInteger(n) && n > 0 && processStartTime(n) === start;
}
