// Runs one case's command on given input bytes through the pool, each run in a fresh directory of
// the campaign's workspace, and checks the outcome.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FuzzCase } from './cases.js';
import { checkOutcome, type Failure } from './checks.js';
import { commandArgs } from './commands.js';
import { Pool, type Outcome } from './pool.js';

export class Workspace {
  private n = 0;
  constructor(readonly dir: string) {}

  /** A fresh directory holding the given files; returns their paths. */
  write(files: { file: string; bytes: Buffer }[]): { dir: string; paths: string[] } {
    const dir = join(this.dir, String(this.n++));
    mkdirSync(dir);
    return { dir, paths: files.map((f) => (writeFileSync(join(dir, f.file), f.bytes), join(dir, f.file))) };
  }
}

export interface Run {
  outcome: Outcome;
  failure?: Failure;
  /** The command line run, and the input paths in it (gone once the run is over). */
  args: string[];
  paths: string[];
}

/** Runs a case's command on the given input bytes (written to a directory removed afterwards); the outcome and its failure, if any. */
export async function runInputs(pool: Pool, ws: Workspace, c: FuzzCase, bytes: Buffer[]): Promise<Run> {
  const { dir, paths } = ws.write(c.inputs.map((input, i) => ({ file: input.file, bytes: bytes[i]! })));
  const args = commandArgs(c.command, paths, join(dir, 'report.html'));
  let outcome = await pool.run(args);
  let failure = checkOutcome(outcome, c.command, paths);
  if (failure?.kind === 'rss') {
    // A long-lived child carries heap from earlier cases: the peak only counts if a fresh process reaches it too.
    outcome = await runFresh(pool, args);
    failure = checkOutcome(outcome, c.command, paths);
  }
  rmSync(dir, { recursive: true, force: true });
  return failure === undefined ? { outcome, args, paths } : { outcome, failure, args, paths };
}

async function runFresh(pool: Pool, args: string[]): Promise<Outcome> {
  const fresh = new Pool({ ...pool.options, size: 1 });
  try {
    return await fresh.run(args);
  } finally {
    await fresh.close();
  }
}

/**
 * An analyze --html failure that analyze alone shows too is filed under analyze: its fixture then
 * needs no report file, and the two commands do not keep one bug twice.
 */
export async function withoutHtml(pool: Pool, ws: Workspace, c: FuzzCase, failure: Failure): Promise<{ c: FuzzCase; failure: Failure }> {
  if (c.command !== 'analyze-html') return { c, failure };
  const plain: FuzzCase = { ...c, command: 'analyze' };
  const r = await runInputs(pool, ws, plain, c.inputs.map((i) => i.bytes));
  const same = r.failure !== undefined && r.failure.signature.replace(/^analyze:/, '') === failure.signature.replace(/^analyze-html:/, '');
  return same ? { c: plain, failure: r.failure! } : { c, failure };
}
