// Programs that outlive one call: daemons left running after this process exits, and background
// programs whose output is watched while they run. Signals go to process ids, never to names.

import { setTimeout as sleep } from 'node:timers/promises';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { execa } from 'execa';
import { EnvironmentError } from '../errors.js';
import { commandLine, runResult, type RunResult } from './run.js';

export interface DetachedOptions {
  /** Where the daemon's stdout and stderr are appended. */
  logFile: string;
  env?: Record<string, string>;
}

/** Starts a program in its own session so it survives this process; returns its pid. */
export function spawnDetached(file: string, args: readonly string[], options: DetachedOptions): number {
  // A file descriptor, not a pipe: a pipe to this process would break (SIGPIPE) once it exits.
  // execa hands any fd through to the child, but its types list only 3 to 9.
  const fd = openSync(options.logFile, 'a') as 3;
  try {
    const child = execa(file, args, { detached: true, cleanup: false, stdin: 'ignore', stdout: fd, stderr: fd, env: options.env, reject: false });
    child.unref();
    if (child.pid === undefined) throw new EnvironmentError(`${commandLine(file, args)}: could not start`, file);
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

export interface Background {
  pid: number;
  command: string;
  /** Resolves with the first line of the stream matching `pattern`; rejects after timeoutMs or at exit. */
  waitForLine(stream: 'stdout' | 'stderr', pattern: RegExp, timeoutMs: number): Promise<string>;
  /** Sends a signal (SIGTERM by default) unless it already exited, then waits for its result. */
  stop(signal?: NodeJS.Signals): Promise<RunResult>;
  /** Settles when the program exits, however it exits. */
  done: Promise<RunResult>;
}

export interface BackgroundOptions {
  /** Killed with SIGKILL after this long. */
  timeoutMs: number;
  env?: Record<string, string>;
}

/** Starts a program whose output is read while it runs (a capture, a traffic agent). */
export function startBackground(file: string, args: readonly string[], options: BackgroundOptions): Background {
  const command = commandLine(file, args);
  const child = execa(file, args, { reject: false, timeout: options.timeoutMs, env: options.env, stripFinalNewline: true });
  if (child.pid === undefined) throw new EnvironmentError(`${command}: could not start`, file);
  let exited = false;
  const done: Promise<RunResult> = child.then((r) => {
    exited = true;
    return runResult(command, r);
  });
  const seen = { stdout: '', stderr: '' };
  child.stdout?.on('data', (d: Buffer) => (seen.stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (seen.stderr += d.toString()));

  const waitForLine = (stream: 'stdout' | 'stderr', pattern: RegExp, timeoutMs: number): Promise<string> =>
    new Promise((resolve, reject) => {
      const match = (): string | undefined => seen[stream].split('\n').find((l) => pattern.test(l));
      const cleanup = (): void => {
        clearTimeout(timer);
        child[stream]?.off('data', check);
      };
      const check = (): void => {
        const line = match();
        if (line !== undefined) {
          cleanup();
          resolve(line);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new EnvironmentError(`${command}: no line matching ${pattern} within ${timeoutMs} ms`, file));
      }, timeoutMs);
      child[stream]?.on('data', check);
      void done.then((r) => {
        const line = match();
        cleanup();
        if (line !== undefined) resolve(line);
        else reject(new EnvironmentError(`${command}: exited (${r.exitCode}) before printing ${pattern}: ${r.stderr.split('\n')[0] ?? ''}`, file));
      });
      check();
    });

  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<RunResult> => {
    if (!exited) child.kill(signal);
    return done;
  };
  return { pid: child.pid, command, waitForLine, stop, done };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM means it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SIGTERM, then SIGKILL if it is still there after graceMs; resolves once it is gone. */
export async function terminate(pid: number, graceMs = 5_000): Promise<void> {
  const signal = (s: NodeJS.Signals): void => {
    try {
      process.kill(pid, s);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  for (let waited = 0; isAlive(pid); waited += 50) {
    if (waited === graceMs) signal('SIGKILL');
    if (waited > graceMs + 5_000) throw new EnvironmentError(`process ${pid} survived SIGKILL`);
    await sleep(50);
  }
}

/** Pids of processes whose command line contains text (a private directory only they use). */
export function pidsMentioning(text: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d) && Number(d) !== process.pid)
    .flatMap((d) => {
      try {
        return readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ').includes(text) ? [Number(d)] : [];
      } catch {
        return [];
      }
    });
}
