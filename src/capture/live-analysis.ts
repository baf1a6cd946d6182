// The parent's side of the live analysis: hands batches of written EPBs to the analysis worker
// (analysis-worker.ts) without a per-packet message, sheds whole batches when the worker lags
// (shed-gate.ts), and gathers the tcpdump and remote paths' frames, one block each, into batches.

import { Worker } from 'node:worker_threads';
import type { Analysis, VerdictCounts } from '../analyze/types.js';
import type { CaptureSummary } from '../pcap/types.js';
import { BatchSlots, SLOT_BYTES } from './batch-slots.js';
import { ShedGate } from './shed-gate.js';
import type { Written } from './output.js';

export type AnalysisMessage =
  | { type: 'interface'; id: number; linkType: number; label: string }
  | { type: 'batch'; batch: number | ArrayBuffer; length: number; bytes: number; input: number; firstFrame: number }
  | { type: 'finish'; summaries: CaptureSummary[] };

/**
 * A batch lies in a shared slot (its number: batch-slots.ts) or in an ArrayBuffer moved to the
 * worker, its first `length` bytes; `bytes` is what the shed gate counted for it, answered in 'done'.
 */
export type AnalysisReply = { type: 'done'; bytes: number; slot: number | undefined; segments: VerdictCounts; error?: string } | { type: 'analysis'; analysis: Analysis };

/** Bytes the worker may have queued before batches are shed: a few seconds of a busy link. */
export const SHED_LIMIT_BYTES = 32 * 1024 * 1024;
/** The tcpdump and remote paths' frames are sent in batches of this size. */
const GATHER_BYTES = 1024 * 1024;

interface Gathering {
  buf: Buffer;
  used: number;
  packets: number;
  input: number;
  firstFrame: number;
}

export class LiveAnalysis {
  private readonly worker: Worker;
  private readonly gate: ShedGate;
  private readonly slots: BatchSlots;
  private counts: VerdictCounts | undefined;
  private gathering: Gathering | undefined;
  private analysed = 0;
  private finished: ((a: Analysis | undefined) => void) | undefined;
  private exited = false;
  /** The first batch the worker could not read, or the worker's own failure. */
  error: string | undefined;

  constructor(point: string, shedLimitBytes = SHED_LIMIT_BYTES) {
    this.gate = new ShedGate(shedLimitBytes);
    // As many slots as the gate lets batches wait, and the one the worker is on.
    this.slots = new BatchSlots(Math.ceil(shedLimitBytes / SLOT_BYTES) + 1);
    this.worker = new Worker(new URL('./analysis-worker.js', import.meta.url), { workerData: { point, slots: this.slots.shared } });
    this.worker.on('message', (r: AnalysisReply) => {
      if (r.type === 'done') {
        this.gate.settle(r.bytes);
        if (r.slot !== undefined) this.slots.give(r.slot);
        this.counts = r.segments;
        if (r.error !== undefined) this.error ??= `live analysis: a batch could not be read (${r.error}); the file has it`;
      } else this.finished?.(r.analysis);
    });
    this.worker.on('error', (e) => (this.error ??= `live analysis: the worker failed (${e.message}); the file has every frame`));
    // A worker that is gone answers nothing: finish() must not wait for it.
    this.worker.on('exit', () => {
      this.exited = true;
      this.finished?.(undefined);
    });
  }

  addInterface(id: number, linkType: number, label: string): void {
    this.post({ type: 'interface', id, linkType, label });
  }

  /**
   * A native engine batch as written (w: where its first frame landed); copied only when sent, by
   * `copy`, into the buffer it is given (a free slot, or one of its own): it returns what it filled.
   */
  addBatch(copy: (into: Buffer) => Buffer, bytes: number, packets: number, w: Written): void {
    this.flush();
    if (!this.gate.admit(bytes, packets)) return;
    const s = this.slots.take(bytes);
    if (s === undefined) {
      const own = copy(Buffer.allocUnsafeSlow(bytes));
      this.send(own, own.length, bytes, packets, w.input, w.frame);
      return;
    }
    this.analysed += packets;
    this.post({ type: 'batch', batch: s.slot, length: copy(s.buf).length, bytes, input: w.input, firstFrame: w.frame });
  }

  /** One written frame of the tcpdump or remote path, gathered while its frame numbers run on. */
  addBlock(block: Buffer, w: Written): void {
    let g = this.gathering;
    if (g !== undefined && (g.input !== w.input || g.firstFrame + g.packets !== w.frame || g.used + block.length > g.buf.length)) {
      this.flush();
      g = undefined;
    }
    g ??= this.gathering = { buf: Buffer.allocUnsafeSlow(Math.max(GATHER_BYTES, block.length)), used: 0, packets: 0, input: w.input, firstFrame: w.frame };
    g.used += block.copy(g.buf, g.used);
    g.packets++;
  }

  /** Sends what addBlock gathered (called at least once a second, so the status line moves). */
  flush(): void {
    const g = this.gathering;
    if (g === undefined) return;
    this.gathering = undefined;
    if (this.gate.admit(g.used, g.packets)) this.send(g.buf, g.used, g.used, g.packets, g.input, g.firstFrame);
  }

  /** A batch in buf[0, length), not in a slot; `bytes` as the gate counted it. */
  private send(buf: Buffer, length: number, bytes: number, packets: number, input: number, firstFrame: number): void {
    this.analysed += packets;
    // A buffer of its own (allocUnsafeSlow or a batch's copy): moved to the worker, not copied again.
    const ab = buf.byteOffset === 0 && buf.buffer.byteLength === buf.length ? (buf.buffer as ArrayBuffer) : new Uint8Array(buf.subarray(0, length)).buffer;
    const m: AnalysisMessage = { type: 'batch', batch: ab, length, bytes, input, firstFrame };
    this.worker.postMessage(m, [ab]);
  }

  private post(m: AnalysisMessage): void {
    this.worker.postMessage(m);
  }

  /** Innermost-segment verdicts the worker has counted so far. */
  get segmentCounts(): VerdictCounts | undefined {
    return this.counts;
  }

  get shedPackets(): number {
    return this.gate.shedPackets;
  }

  /** Waits for the worker to finish what it was sent; the analysis (its inputs warned when batches were shed), none if the worker failed. */
  async finish(summaries: CaptureSummary[]): Promise<Analysis | undefined> {
    this.flush();
    const shed = this.gate.shedPackets;
    const warning = `live analysis shed ${shed} of ${shed + this.analysed} packets (${this.gate.shedBatches} batches): the analysis is partial; analyze the file for all of them`;
    const warned = shed === 0 ? summaries : summaries.map((s) => ({ ...s, warning: s.warning === undefined ? warning : `${s.warning}; ${warning}` }));
    if (this.exited) return undefined;
    try {
      return await new Promise<Analysis | undefined>((resolve) => {
        this.finished = resolve;
        this.post({ type: 'finish', summaries: warned });
      });
    } finally {
      await this.worker.terminate();
    }
  }

  /** Ends the worker without a result (the capture failed). */
  async abandon(): Promise<void> {
    await this.worker.terminate();
  }
}
