// A program whose stdout is a byte stream read while it runs (a capture child, tcpdump -w -) and
// whose stderr is read line by line; stopped by a signal to its pid. node:child_process rather than
// execa: execa destroys a stream still holding unread bytes when the program exits, which loses
// the tail of a capture.

import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { EnvironmentError } from '../errors.js';
import { inNetns, type NetnsTarget } from './netns.js';
import { commandLine, type RunResult } from './run.js';

export interface StreamingProgram {
  pid: number;
  command: string;
  stdout: Readable;
  /** Sends a signal unless it already exited. */
  signal(sig: NodeJS.Signals): void;
  /** Closes its stdin (a program started with an input pipe reads this as "stop"). */
  endInput(): void;
  /** Settles when it exits, however it exits; stdout and stderr are not kept in the result. */
  done: Promise<RunResult>;
}

/** Starts file inside the namespace (netns.ts; undefined is ours), stdout streamed, stderr by line. */
export function startStreamingIn(target: NetnsTarget, file: string, args: readonly string[], onStderrLine: (line: string) => void): StreamingProgram {
  return startStreaming(...inNetns(target, file, args), onStderrLine);
}

/** Starts file here with its stdin a pipe, held open until endInput(). */
export function startStreamingWithInput(file: string, args: readonly string[], onStderrLine: (line: string) => void): StreamingProgram {
  return startStreaming(file, args, onStderrLine, 'pipe');
}

function startStreaming(file: string, args: readonly string[], onStderrLine: (line: string) => void, stdin: 'ignore' | 'pipe' = 'ignore'): StreamingProgram {
  const command = commandLine(file, args);
  // A program that reads a stop from its stdin gets its own process group: a terminal's Ctrl-C is ours to pass on.
  const child = spawn(file, args, { stdio: [stdin, 'pipe', 'pipe'], detached: stdin === 'pipe' }) as ChildProcessByStdio<Writable | null, Readable, Readable>;
  // Writing nothing, so a closed pipe (the program exited) is no error of ours.
  child.stdin?.on('error', () => {});
  let exited = false;
  const done = new Promise<RunResult>((resolve) => {
    const finish = (exitCode: number, error?: NodeJS.ErrnoException): void => {
      exited = true;
      resolve({ command, exitCode, stdout: '', stderr: error?.message ?? '', timedOut: false, notFound: error?.code === 'ENOENT' });
    };
    child.once('error', (e: NodeJS.ErrnoException) => finish(-1, e));
    // 'close': the program ended and its stdout and stderr were read to the end.
    child.once('close', (code) => finish(code ?? -1));
  });
  if (child.pid === undefined) throw new EnvironmentError(`${command}: could not start`, file);
  let partial = '';
  child.stderr.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines) onStderrLine(l);
  });
  child.stderr.on('end', () => {
    if (partial !== '') onStderrLine(partial);
  });
  return {
    pid: child.pid,
    command,
    stdout: child.stdout,
    signal(sig) {
      if (!exited) child.kill(sig);
    },
    endInput() {
      child.stdin?.end();
    },
    done,
  };
}
