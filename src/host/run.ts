// The one way this project runs an external program: execa with an argument array (never a
// shell string), a timeout, and a typed result instead of an exception for a non-zero exit.

import { execa } from 'execa';
import { EnvironmentError } from '../errors.js';

export interface RunResult {
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** The program could not be started (not installed, not executable). */
  notFound: boolean;
}

export interface RunOptions {
  timeoutMs?: number;
  input?: string;
  env?: Record<string, string>;
  cwd?: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** The command line as a person would type it, for messages. */
export function commandLine(file: string, args: readonly string[]): string {
  return [file, ...args].map(shellQuote).join(' ');
}

/** One word for a POSIX shell: kept as is when plain, else single-quoted (a ' as '\''). */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export async function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const command = commandLine(file, args);
  const r = await execa(file, args, {
    reject: false,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    input: options.input,
    env: options.env,
    cwd: options.cwd,
    stripFinalNewline: true,
  });
  return runResult(command, r);
}

/** An execa result (never rejected) as a RunResult; exitCode -1 when a signal ended the program. */
export function runResult(command: string, r: { exitCode?: number; stdout?: unknown; stderr?: unknown; timedOut?: boolean }): RunResult {
  return {
    command,
    exitCode: typeof r.exitCode === 'number' ? r.exitCode : -1,
    stdout: String(r.stdout ?? ''),
    stderr: String(r.stderr ?? ''),
    timedOut: Boolean(r.timedOut),
    notFound: (r as { code?: string }).code === 'ENOENT',
  };
}

/** Runs and throws an EnvironmentError naming the command when it does not exit 0. */
export async function runChecked(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const r = await run(file, args, options);
  if (r.exitCode !== 0) {
    const why = r.notFound ? 'not found' : r.timedOut ? 'timed out' : r.stderr.split('\n')[0] || `exit ${r.exitCode}`;
    throw new EnvironmentError(`${r.command}: ${why}`, r.command);
  }
  return r;
}
