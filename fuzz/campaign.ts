// A fuzzing campaign: builds the seed corpus, runs cases 0..N-1 of a seed through the pool, checks
// each outcome, then minimises the first case of every failure signature and keeps it as a fixture.

import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCase, type FuzzCase, type Target } from './cases.js';
import { checkOutcome, describeFailure, type Failure } from './checks.js';
import { CAPTURE_REDUCERS } from './capture-reducers.js';
import { commandArgs, readsCaptures } from './commands.js';
import { fixtureNames, listFixtures, slugOf, writeManifest, type ManifestRow } from './fixtures.js';
import { jsonReducer } from './json-reducer.js';
import { minimise } from './minimise.js';
import { Pool, type Outcome } from './pool.js';
import { analysisSeeds, captureSeeds, type Corpus } from './seed-corpus.js';

export interface CampaignOptions {
  /** The repository root: captures/, test/fixtures/ and the CLI's working directory. */
  root: string;
  cases: number;
  seed: number;
  target: Target;
  jobs: number;
  /** Where failing cases' inputs and outputs are kept as generated (before minimisation). */
  keep?: string;
  /** Where minimised failures and their manifest go (none: nothing is written). */
  fixtures?: string;
  /** Time the minimiser may spend on each failure signature. */
  minimiseSeconds: number;
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface SignatureReport {
  signature: string;
  failure: Failure;
  /** Cases that failed with this signature. */
  count: number;
  first: FuzzCase;
  /** Fixture files written for it (empty when one was already kept, or none are written). */
  written: string[];
  /** The existing fixture of the same slug, if there was one. */
  existing?: string;
  minimisedBytes?: number[];
}

export interface CampaignResult {
  cases: number;
  failures: SignatureReport[];
  failingCases: number;
  maxRssKb: number;
  wallMs: number;
  casesPerSecond: number;
}

const TIMEOUT_MS = 10_000;
/** A failure that needs more input than this (an RSS blow-up on megabytes) is reported, not kept in the repository. */
const MAX_FIXTURE_BYTES = 1 << 20;
/** A child this large is stopped at once: far past the 400 MB limit, before it endangers the machine. */
const KILL_ABOVE_KB = 1536 * 1024;

class Workspace {
  private n = 0;
  constructor(readonly dir: string) {}

  /** A fresh directory holding the given files; returns their paths. */
  write(files: { file: string; bytes: Buffer }[]): { dir: string; paths: string[] } {
    const dir = join(this.dir, String(this.n++));
    mkdirSync(dir);
    return { dir, paths: files.map((f) => (writeFileSync(join(dir, f.file), f.bytes), join(dir, f.file))) };
  }
}

async function buildCorpus(root: string, pool: Pool): Promise<Corpus> {
  const analyses = await analysisSeeds(root, async (rel) => {
    const o = await pool.run(['analyze', '--json', rel]);
    if (o.status !== 0 && o.status !== 1) throw new Error(`analyze --json ${rel} gave ${o.status ?? o.died ?? o.crash?.message}: ${o.stderr}`);
    return o.stdout;
  });
  return { captures: captureSeeds(root), analyses };
}

interface Run {
  outcome: Outcome;
  failure?: Failure;
  dir: string;
  args: string[];
  paths: string[];
}

/** Runs a case's command on the given input bytes; the outcome and its failure, if any. */
async function runInputs(pool: Pool, ws: Workspace, c: FuzzCase, bytes: Buffer[]): Promise<Run> {
  const { dir, paths } = ws.write(c.inputs.map((input, i) => ({ file: input.file, bytes: bytes[i]! })));
  const args = commandArgs(c.command, paths, join(dir, 'report.html'));
  let outcome = await pool.run(args);
  let failure = checkOutcome(outcome, c.command, paths);
  if (failure?.kind === 'rss') {
    // A long-lived child carries heap from earlier cases: the peak only counts if a fresh process reaches it too.
    outcome = await runFresh(pool, args);
    failure = checkOutcome(outcome, c.command, paths);
  }
  return failure === undefined ? { outcome, dir, args, paths } : { outcome, failure, dir, args, paths };
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
async function withoutHtml(pool: Pool, ws: Workspace, c: FuzzCase, failure: Failure): Promise<{ c: FuzzCase; failure: Failure }> {
  if (c.command !== 'analyze-html') return { c, failure };
  const plain: FuzzCase = { ...c, command: 'analyze' };
  const r = await runInputs(pool, ws, plain, c.inputs.map((i) => i.bytes));
  rmSync(r.dir, { recursive: true, force: true });
  const same = r.failure !== undefined && r.failure.signature.replace(/^analyze:/, '') === failure.signature.replace(/^analyze-html:/, '');
  return same ? { c: plain, failure: r.failure! } : { c, failure };
}

/** The case's inputs made as small as the same signature allows, one input after the other. */
async function minimiseCase(pool: Pool, ws: Workspace, c: FuzzCase, signature: string, seconds: number): Promise<Buffer[]> {
  const best = c.inputs.map((i) => i.bytes);
  const deadline = Date.now() + seconds * 1000;
  for (let k = 0; k < best.length; k++) {
    const holds = async (candidate: Buffer): Promise<boolean> => {
      const bytes = best.map((b, j) => (j === k ? candidate : b));
      const r = await runInputs(pool, ws, c, bytes);
      rmSync(r.dir, { recursive: true, force: true });
      return r.failure?.signature === signature;
    };
    // Share what is left between the inputs still to do.
    const share = Date.now() + (deadline - Date.now()) / (best.length - k);
    const reducers = readsCaptures(c.command) ? [...CAPTURE_REDUCERS] : [jsonReducer];
    best[k] = await minimise(best[k]!, holds, { deadline: share, original: c.inputs[k]!.seed.bytes, parallel: pool.options.size, reducers });
  }
  return best;
}

function keepCase(keep: string, c: FuzzCase, outcome: Outcome, failure: Failure): void {
  const dir = join(keep, `seed${c.seed}-case${c.index}`);
  mkdirSync(dir, { recursive: true });
  for (const input of c.inputs) writeFileSync(join(dir, input.file), input.bytes);
  writeFileSync(join(dir, 'outcome.txt'), `${failure.signature}\n${failure.detail}\n--- exit ${outcome.status}\n--- stderr\n${outcome.stderr}\n--- stdout (head)\n${outcome.stdout.slice(0, 4000)}\n`);
}

export async function runCampaign(opts: CampaignOptions): Promise<CampaignResult> {
  const log = opts.log ?? (() => undefined);
  const started = Date.now();
  const ws = new Workspace(mkdtempSync(join(tmpdir(), 'ovsf-fuzz-')));
  const pool = new Pool({ size: opts.jobs, cwd: opts.root, timeoutMs: opts.timeoutMs ?? TIMEOUT_MS, killAboveKb: KILL_ABOVE_KB });
  try {
    const corpus = await buildCorpus(opts.root, pool);
    log(`corpus: ${corpus.captures.length} capture seeds, ${corpus.analyses.length} analysis seeds`);
    const bySignature = new Map<string, SignatureReport>();
    let failingCases = 0;
    const record = async (c: FuzzCase, outcome: Outcome, found: Failure): Promise<void> => {
      failingCases++;
      const { c: filed, failure } = await withoutHtml(pool, ws, c, found);
      const known = bySignature.get(failure.signature);
      if (known === undefined) {
        bySignature.set(failure.signature, { signature: failure.signature, failure, count: 1, first: filed, written: [] });
        log(`case ${c.index}: ${failure.signature} (${failure.detail.slice(0, 160)})`);
      } else {
        known.count++;
        if (c.index < known.first.index) known.first = filed;
      }
      if (opts.keep !== undefined) keepCase(opts.keep, c, outcome, found);
    };
    /** What each run was, by its arguments: a late crash names them. */
    const runs = new Map<string, { index: number; paths: string[] }>();
    const recordLate = async (): Promise<void> => {
      for (const late of pool.takeLate()) {
        const run = runs.get(late.args.join('\0'));
        if (run === undefined) continue;
        const c = makeCase(corpus, opts.seed, run.index, opts.target);
        const outcome: Outcome = { status: null, stdout: '', stderr: '', rssKb: 0, ms: 0, crash: late.crash };
        await record(c, outcome, checkOutcome(outcome, c.command, run.paths)!);
      }
    };
    let maxRssKb = 0;
    let done = 0;
    let next = 0;
    let lastLog = Date.now();
    const runner = async (): Promise<void> => {
      while (next < opts.cases) {
        const c = makeCase(corpus, opts.seed, next++, opts.target);
        const r = await runInputs(pool, ws, c, c.inputs.map((i) => i.bytes));
        rmSync(r.dir, { recursive: true, force: true });
        runs.set(r.args.join('\0'), { index: c.index, paths: r.paths });
        maxRssKb = Math.max(maxRssKb, r.outcome.rssKb);
        done++;
        if (r.failure !== undefined) await record(c, r.outcome, r.failure);
        await recordLate();
        if (Date.now() - lastLog > 10_000) {
          lastLog = Date.now();
          log(`${done}/${opts.cases} cases, ${failingCases} failing, ${(done / ((Date.now() - started) / 1000)).toFixed(1)} cases/s`);
        }
      }
    };
    // Twice as many runners as children: the next case is written while a child runs the last.
    await Promise.all(Array.from({ length: opts.jobs * 2 }, runner));
    await recordLate();
    const casesMs = Date.now() - started;

    const failures = [...bySignature.values()].sort((a, b) => a.first.index - b.first.index);
    if (opts.fixtures !== undefined) {
      const existing = new Map(listFixtures(opts.fixtures).map((f) => [f.slug, f.files.join(', ')]));
      const rows: ManifestRow[] = [];
      for (const f of failures) {
        const slug = slugOf(f.signature);
        const have = existing.get(slug);
        if (have !== undefined) {
          f.existing = have;
          continue;
        }
        log(`minimising ${f.signature} (case ${f.first.index}, up to ${opts.minimiseSeconds} s)`);
        const bytes = opts.minimiseSeconds > 0 ? await minimiseCase(pool, ws, f.first, f.signature, opts.minimiseSeconds) : f.first.inputs.map((i) => i.bytes);
        f.minimisedBytes = bytes.map((b) => b.length);
        if (f.minimisedBytes.reduce((a, b) => a + b, 0) > MAX_FIXTURE_BYTES) {
          log(`not kept: ${f.signature} still needs ${f.minimisedBytes.join(' + ')} bytes`);
          continue;
        }
        const names = fixtureNames(slug, f.first.inputs.map((i) => i.seed.ext));
        if (!existsSync(opts.fixtures)) mkdirSync(opts.fixtures, { recursive: true });
        names.forEach((name, i) => writeFileSync(join(opts.fixtures!, name), bytes[i]!));
        f.written = names;
        rows.push({
          files: names,
          command: f.first.command,
          wrong: describeFailure(f.failure),
          foundBy: `--seed ${f.first.seed}, case ${f.first.index}, from ${f.first.inputs.map((i) => i.seed.name).join(' + ')} (${f.count} cases)`,
        });
      }
      if (rows.length > 0) writeManifest(opts.fixtures, rows);
    }
    return { cases: done, failures, failingCases, maxRssKb, wallMs: Date.now() - started, casesPerSecond: done / (casesMs / 1000) };
  } finally {
    await pool.close();
    rmSync(ws.dir, { recursive: true, force: true });
  }
}
