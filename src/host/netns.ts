// Where a program runs: the current network namespace, a named one (`ip netns exec`), one bound at
// a path (`nsenter --net=PATH`, e.g. a CNI netns), or the namespace of a process
// (`nsenter --target PID --net`, what works for any container runtime).

import { statSync } from 'node:fs';
import { run, runChecked, type RunOptions, type RunResult } from './run.js';

export type NetnsTarget = { netns: string } | { path: string } | { pid: number } | undefined;

/** The program and arguments that run `file args` inside `target`. */
export function inNetns(target: NetnsTarget, file: string, args: readonly string[]): [string, string[]] {
  if (target === undefined) return [file, [...args]];
  if ('netns' in target) return ['ip', ['netns', 'exec', target.netns, file, ...args]];
  if ('path' in target) return ['nsenter', [`--net=${target.path}`, '--', file, ...args]];
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
  return statSync(netnsPath(target)).ino;
}

/** The file that is the namespace. */
function netnsPath(target: NetnsTarget): string {
  if (target === undefined) return '/proc/self/ns/net';
  if ('netns' in target) return `/run/netns/${target.netns}`;
  return 'path' in target ? target.path : `/proc/${target.pid}/ns/net`;
}

/** "NAME", "pid N" or the path: the namespace in the words of JSON facts; "current" for ours. */
export function netnsText(target: NetnsTarget): string {
  if (target === undefined) return 'current';
  if ('netns' in target) return target.netns;
  return 'path' in target ? target.path : `pid ${target.pid}`;
}
