// A fuzzing campaign: builds the seed corpus, runs cases 0..N-1 of a seed through the pool, checks
// each outcome, then minimises the first case of every failure signature and keeps it as a fixture.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCase, type FuzzCase, type Target } from './cases.js';
import { runInputs, withoutHtml, Workspace } from './case-runner.js';
import { checkOutcome, type Failure } from './checks.js';
import { keepFailures, type SignatureReport } from './keep-failures.js';
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

export interface CampaignResult {
  cases: number;
  failures: SignatureReport[];
  failingCases: number;
  maxRssKb: number;
  wallMs: number;
  casesPerSecond: number;
}

const TIMEOUT_MS = 10_000;
/** A child this large is stopped at once: far past the 400 MB limit, before it endangers the machine. */
const KILL_ABOVE_KB = 1536 * 1024;

async function buildCorpus(root: string, pool: Pool): Promise<Corpus> {
  const analyses = await analysisSeeds(root, async (rel) => {
    const o = await pool.run(['analyze', '--json', rel]);
    if (o.status !== 0 && o.status !== 1) throw new Error(`analyze --json ${rel} gave ${o.status ?? o.died ?? o.crash?.message}: ${o.stderr}`);
    return o.stdout;
  });
  return { captures: captureSeeds(root), analyses };
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
    if (opts.fixtures !== undefined) await keepFailures(pool, ws, failures, opts.fixtures, opts.minimiseSeconds, log);
    return { cases: done, failures, failingCases, maxRssKb, wallMs: Date.now() - started, casesPerSecond: done / (casesMs / 1000) };
  } finally {
    await pool.close();
    rmSync(ws.dir, { recursive: true, force: true });
  }
}
