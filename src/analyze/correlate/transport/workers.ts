// Starts the decode workers (each then reads the share of the files it is given), hands their
// messages to the merge in order, and ends them all: when the merge is done, or at the first
// failure of any of them.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DecodeOptions } from '../../../decode/types.js';
import { QUEUE_TAKEN, QUEUE_WAKE_AT, type FromWorker, type ToWorker, type WorkerFile, type WorkerInit } from './wire.js';

const SCRIPT = new URL('./decode-worker.js', import.meta.url);

/**
 * The decode workers for `files` capture files: one fewer than cores (the merge takes a core's
 * share too), at least one, at most one per file. This module loads little, so a caller may start
 * them before it loads the rest of correlate: their start-up then overlaps the merge's.
 */
export function startDecodeWorkers(files: number, decode: DecodeOptions, leadSeconds = 0.1): DecodeWorkers {
  const count = Math.max(1, Math.min(files, availableParallelism() - 1));
  return new DecodeWorkers(count, { decode, leadSeconds, readers: files });
}

export class DecodeWorkers {
  private readonly workers: Worker[];
  /** Settles when `finish` is called, or rejects with the first worker failure. */
  readonly finished: Promise<void>;
  private resolve: () => void = () => undefined;
  private readonly fail: (e: unknown) => void;

  /** Per worker, the cells of its queue (wire.ts QUEUE_*). */
  private readonly queues: Int32Array[] = [];
  private ending: Promise<void> | undefined;

  constructor(count: number, init: Omit<WorkerInit, 'queue'>) {
    let reject: (e: unknown) => void = () => undefined;
    this.finished = new Promise<void>((res, rej) => {
      this.resolve = res;
      reject = rej;
    });
    // A failure before anyone awaits `finished` (while the files are probed) waits for them there.
    this.finished.catch(() => undefined);
    this.fail = reject;
    this.workers = Array.from({ length: count }, (_, w) => {
      const queue = new SharedArrayBuffer(8);
      this.queues.push(new Int32Array(queue).fill(-1, QUEUE_WAKE_AT));
      const data: WorkerInit = { ...init, queue };
      const worker = new Worker(SCRIPT, { workerData: data });
      worker.on('error', reject);
      worker.on('exit', (code) => code !== 0 && reject(new Error(`decode worker ${w} exited with code ${code}`)));
      return worker;
    });
  }

  /** Gives each worker its share of the files; their messages go to onMessage from then on. */
  start(shares: WorkerFile[][], onMessage: (w: number, m: FromWorker) => void): void {
    shares.forEach((files, w) => {
      const worker = this.workers[w]!;
      worker.on('message', (m: FromWorker) => {
        try {
          onMessage(w, m);
        } catch (e) {
          this.fail(e);
        }
      });
      this.send(w, { type: 'start', files });
    });
  }

  /** Counts a batch of worker w as taken; true when that worker waits for this to read on. */
  tookBatch(w: number): boolean {
    const q = this.queues[w]!;
    const taken = Atomics.add(q, QUEUE_TAKEN, 1) + 1;
    const wakeAt = Atomics.load(q, QUEUE_WAKE_AT);
    return wakeAt >= 0 && taken >= wakeAt && Atomics.compareExchange(q, QUEUE_WAKE_AT, wakeAt, -1) === wakeAt;
  }

  get count(): number {
    return this.workers.length;
  }

  send(w: number, m: ToWorker): void {
    this.workers[w]!.postMessage(m);
  }

  finish(): void {
    this.resolve();
  }

  /** Ends every worker; called again, the same promise (the merge starts it before its last work). */
  terminate(): Promise<void> {
    if (this.ending === undefined) {
      for (const w of this.workers) w.removeAllListeners('exit');
      this.ending = Promise.all(this.workers.map((w) => w.terminate())).then(() => undefined);
    }
    return this.ending;
  }
}
