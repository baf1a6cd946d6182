// A program whose stdout is a byte stream read while it runs (a capture child, tcpdump -w -) and
// whose stderr is read line by line; stopped by a signal to its pid. node:child_process rather than
// execa: execa destroys a stream still holding unread bytes when the program exits, which loses
// the tail of a capture.

import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { EnvironmentError } from '../errors.js';
import { inNetns, type NetnsTarget } from './netns.js';
import { commandLine, type RunResult } from './run.js';

export interface StreamingProgram {
  pid: number;
  command: string;
  stdout: Readable;
  /** Sends a signal unless it already exited. */
  signal(sig: NodeJS.Signals): void;
  /** Settles when it exits, however it exits; stdout and stderr are not kept in the result. */
  done: Promise<RunResult>;
}

/** Starts file inside the namespace (netns.ts; undefined is ours), stdout streamed, stderr by line. */
export function startStreamingIn(target: NetnsTarget, file: string, args: readonly string[], onStderrLine: (line: string) => void): StreamingProgram {
  return startStreaming(...inNetns(target, file, args), onStderrLine);
}

function startStreaming(file: string, args: readonly string[], onStderrLine: (line: string) => void): StreamingProgram {
  const command = commandLine(file, args);
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
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
    done,
  };
}
