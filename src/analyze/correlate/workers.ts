// Starts the decode workers (each then reads the share of the files it is given), hands their
// messages to the merge in order, and ends them all: when the merge is done, or at the first
// failure of any of them.

import { Worker } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerFile, WorkerInit } from './wire.js';

const ENTRY = new URL('./decode-worker.js', import.meta.url);

export class DecodeWorkers {
  private readonly workers: Worker[];
  /** Settles when `finish` is called, or rejects with the first worker failure. */
  readonly finished: Promise<void>;
  private resolve: () => void = () => undefined;
  private readonly fail: (e: unknown) => void;

  constructor(count: number, init: WorkerInit) {
    let reject: (e: unknown) => void = () => undefined;
    this.finished = new Promise<void>((res, rej) => {
      this.resolve = res;
      reject = rej;
    });
    // A failure before anyone awaits `finished` (while the files are probed) waits for them there.
    this.finished.catch(() => undefined);
    this.fail = reject;
    this.workers = Array.from({ length: count }, (_, w) => {
      const worker = new Worker(ENTRY, { workerData: init });
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

  get count(): number {
    return this.workers.length;
  }

  send(w: number, m: ToWorker): void {
    this.workers[w]!.postMessage(m);
  }

  finish(): void {
    this.resolve();
  }

  async terminate(): Promise<void> {
    for (const w of this.workers) w.removeAllListeners('exit');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
