// The file-reading core of `analyze`, `correlate --html` and `fix --verify`: reads every capture,
// feeds one Analyzer, and returns the Analysis plus the input errors met on the way (what was read
// before a bad record still counts). A large file is analysed on every core (analyze-ranges.ts).

import { availableParallelism, loadavg } from 'node:os';
import { leaseSimdChunks } from '../checksum/simd-sum.js';
import type { DecodeOptions } from '../decode/index.js';
import { InputError } from '../errors.js';
import { readCapture, type ReadOptions, type ReadResult } from '../pcap/index.js';
import { planRanges } from '../pcap/range-plan.js';
import type { CaptureSummary, Direction } from '../pcap/types.js';
import { analyzeRanges } from './analyze-ranges.js';
import { Analyzer, type InputContext } from './analyzer.js';
import type { Analysis } from './types.js';

export interface CaptureSpec {
  path: string;
  point: string;
  role?: Direction;
}

export interface AnalyzeOptions {
  captures: CaptureSpec[];
  decode?: DecodeOptions;
  onProgress?: (path: string, consumed: number, total: number, packets: number) => void;
  /** Ranges of one file read at once (default idleCores()); 1 reads every file on this thread. */
  jobs?: number;
  /** A file is split into ranges of at least this many bytes (default RANGE_BYTES); smaller files stay on one core. */
  rangeBytes?: number;
}

/**
 * A range is at least this long, so only files of twice this are split: a worker's start-up, its own
 * JIT warm-up and the log replay cost about 0.09 s, and one core reads the lab capture at ~0.5 ms per
 * MB, so a second range saves its start-up from about 350 MB on (analyze --jobs 1 vs --jobs 2 of the
 * 100 MB, 271 MB and 1 GB bench files: 0.21/0.28, 0.31/0.37, 0.62/0.53 s).
 */
export const RANGE_BYTES = 192 * 1024 * 1024;

export interface AnalyzeResult {
  analysis: Analysis;
  errors: InputError[];
}

export async function analyze(options: AnalyzeOptions): Promise<AnalyzeResult> {
  const analyzer = new Analyzer({ decode: options.decode });
  const summaries: CaptureSummary[] = [];
  const errors: InputError[] = [];
  const jobs = options.jobs ?? idleCores();
  for (const [index, spec] of options.captures.entries()) {
    const ctx: InputContext = { index, point: spec.point };
    if (spec.role) ctx.role = spec.role;
    const progress = options.onProgress;
    const rangeBytes = options.rangeBytes ?? RANGE_BYTES;
    // The first range is read on this thread, which replays the others' logs after it: it gets one minimum range more.
    const plan = jobs > 1 ? await planRanges(spec.path, jobs, rangeBytes, rangeBytes) : undefined;
    const rangeOptions = { path: spec.path, input: ctx, decode: options.decode, ...(progress ? { onProgress: (c: number, t: number, p: number) => progress(spec.path, c, t, p) } : {}) };
    const result = await (plan !== undefined ? analyzeRanges(analyzer, plan, rangeOptions) : readOne(analyzer, spec.path, ctx, progress))
      .catch((e: unknown) => {
        if (!(e instanceof InputError)) throw e;
        return { summary: { path: spec.path, format: 'pcap' as const, gzip: false, interfaces: [], packets: 0, bytes: 0, error: e.message }, error: e };
      });
    summaries.push(result.summary);
    if (result.error) errors.push(result.error);
  }
  return { analysis: analyzer.finish(summaries), errors };
}

/**
 * The cores not busy with something else (the 1-minute load average): on a host already in
 * trouble a second thread only adds its start-up and the merge to the CPU the analysis takes.
 */
export function idleCores(): number {
  const cores = availableParallelism();
  return Math.max(1, Math.min(cores, Math.round(cores - loadavg()[0]!)));
}

/** One file on this thread. */
async function readOne(analyzer: Analyzer, path: string, ctx: InputContext, progress: AnalyzeOptions['onProgress']): Promise<ReadResult> {
  let packets = 0;
  // The reader's chunks go where the SIMD checksum sums them in place (src/checksum/simd-sum.ts).
  const lease = leaseSimdChunks();
  const readOptions: ReadOptions = { reuseRecord: true };
  if (lease !== undefined) readOptions.chunkBuffer = lease.chunkBuffer;
  if (progress) readOptions.onProgress = (c, t) => progress(path, c, t, packets);
  try {
    return await readCapture(
      path,
      (rec, summary) => {
        packets++;
        analyzer.addRecord(rec, summary, ctx);
      },
      readOptions,
    );
  } finally {
    lease?.release();
  }
}
