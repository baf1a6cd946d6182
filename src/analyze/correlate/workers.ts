// Starts the decode workers (each reads a share of the files), hands their messages to the merge
// in order, and ends them all: when the merge is done, or at the first failure of any of them.

import { Worker } from 'node:worker_threads';
import type { DecodeOptions } from '../../decode/index.js';
import type { FromWorker, Steer, WorkerFile, WorkerInit } from './wire.js';

const ENTRY = new URL('./decode-worker.js', import.meta.url);
const YOUNG_GENERATION_MB = 48;

export class DecodeWorkers {
  private readonly workers: Worker[];
  /** Settles when `finish` is called, or rejects with the first worker failure. */
  readonly finished: Promise<void>;
  private resolve: () => void = () => undefined;

  constructor(shares: WorkerFile[][], decode: DecodeOptions, onMessage: (w: number, m: FromWorker) => void) {
    let reject: (e: unknown) => void = () => undefined;
    this.finished = new Promise<void>((res, rej) => {
      this.resolve = res;
      reject = rej;
    });
    this.workers = shares.map((files, w) => {
      const init: WorkerInit = { files, decode };
      // Decoding makes short-lived objects per frame: a larger young generation scavenges less often.
      const worker = new Worker(ENTRY, { workerData: init, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
      worker.on('message', (m: FromWorker) => {
        try {
          onMessage(w, m);
        } catch (e) {
          reject(e);
        }
      });
      worker.on('error', reject);
      worker.on('exit', (code) => code !== 0 && reject(new Error(`decode worker ${w} exited with code ${code}`)));
      return worker;
    });
  }

  send(w: number, m: Steer): void {
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
