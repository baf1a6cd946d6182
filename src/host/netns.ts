// Where a program runs: the current network namespace, a named one (`ip netns exec`), or the
// namespace of a process (`nsenter --target PID --net`, what works for any container runtime).

import { statSync } from 'node:fs';
import { run, runChecked, type RunOptions, type RunResult } from './run.js';

export type NetnsTarget = { netns: string } | { pid: number } | undefined;

/** The program and arguments that run `file args` inside `target`. */
export function inNetns(target: NetnsTarget, file: string, args: readonly string[]): [string, string[]] {
  if (target === undefined) return [file, [...args]];
  if ('netns' in target) return ['ip', ['netns', 'exec', target.netns, file, ...args]];
  return ['nsenter', ['--target', String(target.pid), '--net', '--', file, ...args]];
}

export function runIn(target: NetnsTarget, file: string, args: readonly string[], options?: RunOptions): Promise<RunResult> {
  return run(...inNetns(target, file, args), options);
}

export function runInChecked(target: NetnsTarget, file: string, args: readonly string[], options?: RunOptions): Promise<RunResult> {
  return runChecked(...inNetns(target, file, args), options);
}

/** The namespace's inode: equal for two targets exactly when they are the same namespace. */
export function netnsInode(target: NetnsTarget): number {
  const path = target === undefined ? '/proc/self/ns/net' : 'netns' in target ? `/run/netns/${target.netns}` : `/proc/${target.pid}/ns/net`;
  return statSync(path).ino;
}
