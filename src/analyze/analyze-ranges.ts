// One large capture file on every core: range-plan.ts splits it at record boundaries, this thread
// analyses the first range and a worker each other one (range-worker.ts), and the main thread merges them in file order into the
// same Analyzer the single-core path feeds — replaying each range's segment log, then adding what
// it counted — so the result is the single-core one byte for byte (docs/design.md).

import { Worker } from 'node:worker_threads';
import type { DecodeOptions } from '../decode/index.js';
import { InputError } from '../errors.js';
import type { ReadResult } from '../pcap/index.js';
import type { RangePlan } from '../pcap/range-plan.js';
import type { CaptureSummary } from '../pcap/types.js';
import type { Analyzer, InputContext, ReplayKeys } from './analyzer.js';
import { readRange, type RangeJob, type RangeRead } from './range-read.js';
import type { FromRange, ToRange } from './range-wire.js';

const SCRIPT = new URL('./range-worker.js', import.meta.url);

/** A worker on one range, and its messages in arrival order. */
class RangeRun {
  private readonly worker: Worker;
  private readonly queue: FromRange[] = [];
  private waiting: ((m: FromRange) => void) | undefined;
  private failure: unknown;
  private failed: ((e: unknown) => void) | undefined;
  consumed = 0;

  constructor(job: RangeJob) {
    this.worker = new Worker(SCRIPT, { workerData: job });
    this.worker.on('message', (m: FromRange) => {
      if (this.waiting === undefined) this.queue.push(m);
      else {
        this.waiting(m);
        this.waiting = undefined;
      }
    });
    const fail = (e: unknown): void => {
      this.failure ??= e;
      this.failed?.(this.failure);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => code !== 0 && fail(new Error(`analyze worker exited with code ${code}`)));
  }

  next(): Promise<FromRange> {
    const m = this.queue.shift();
    if (m !== undefined) return Promise.resolve(m);
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failed = reject;
    });
  }

  /** Hands a replayed batch's buffer back. */
  took(buffer: ArrayBuffer): void {
    const m: ToRange = buffer;
    this.worker.postMessage(m, [m]);
  }

  async stop(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}

export interface RangeOptions {
  path: string;
  input: InputContext;
  decode: DecodeOptions | undefined;
  onProgress?: (consumed: number, total: number, packets: number) => void;
}

/** Analyses the file into `analyzer` range by range, the first on this thread; returns what readCapture would have. */
export async function analyzeRanges(analyzer: Analyzer, plan: RangePlan, options: RangeOptions): Promise<ReadResult> {
  const job = (from: number, to: number, skipBefore: number): RangeJob => ({
    path: options.path,
    input: options.input,
    decode: options.decode,
    head: plan.head,
    from,
    to,
    fileSize: plan.fileSize,
    skipBefore,
  });
  const { starts, fileSize } = plan;
  const progress = options.onProgress;
  let runs: (RangeRun | undefined)[] = starts.map((from, k) => (k === 0 ? undefined : new RangeRun(job(from, starts[k + 1] ?? fileSize, 0))));
  let first = 0;
  const consumed = (): number => runs.reduce((sum, r) => sum + (r?.consumed ?? 0), first);
  const done: RangeRead[] = [];
  let frames = 0;
  try {
    for (let k = 0; k < runs.length; k++) {
      const run = runs[k];
      let end: RangeRead;
      if (run === undefined) end = await readRange(job(0, starts[1]!, 0), analyzer, undefined, progress && ((c) => {
        first = c;
        progress(consumed(), fileSize, 0);
      }));
      else {
        const keys: ReplayKeys = [];
        let m = await run.next();
        for (; m.type === 'batch'; m = await run.next()) {
          analyzer.replay(m.batch, keys, frames);
          run.took(m.batch.buffer);
          run.consumed = m.consumed;
          progress?.(consumed(), fileSize, frames);
        }
        analyzer.absorb(m.part, frames);
        const { type: _t, part: _p, error, ...rest } = m;
        end = error === undefined ? rest : { ...rest, error: new InputError(error.file, error.offset, error.reason) };
      }
      done.push(end);
      frames += end.summary.packets - end.skippedPackets;
      if (end.error !== undefined || end.endedAt === undefined || k === runs.length - 1) break;
      const next = starts[k + 1]!;
      if (end.endedAt !== next || end.summary.interfaces.length !== plan.headInterfaces) {
        // The next range did not start where this one ended (a record hopped over it, or a new
        // interface came): the rest is read again from the file's start, analysed from here on.
        await Promise.all(runs.slice(k + 1).map((r) => r?.stop()));
        runs = [...runs.slice(0, k + 1), new RangeRun(job(0, fileSize, end.endedAt))];
      }
    }
  } finally {
    await Promise.all(runs.map((r) => r?.stop()));
  }
  return merged(done);
}

/** The file's summary from its ranges' in order. */
function merged(ranges: RangeRead[]): ReadResult {
  const first = ranges[0]!.summary;
  const last = ranges[ranges.length - 1]!;
  const summary: CaptureSummary = { ...first, interfaces: last.summary.interfaces.map((i) => ({ ...i })), packets: 0, bytes: 0 };
  delete summary.warning;
  delete summary.error;
  for (const r of ranges) {
    summary.packets += r.summary.packets - r.skippedPackets;
    summary.bytes += r.summary.bytes - r.skippedBytes;
    if (r.summary.warning !== undefined) summary.warning ??= r.summary.warning;
    for (const i of r.summary.interfaces) if (i.stats !== undefined && summary.interfaces[i.id] !== undefined) summary.interfaces[i.id]!.stats = i.stats;
  }
  if (last.error === undefined) return { summary };
  summary.error = last.error.message;
  return { summary, error: last.error };
}
