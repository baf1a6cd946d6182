// Worker thread entry: reads its capture files into shared chunks, decodes every record down to
// the innermost segment's fingerprint, and sends the merge rows of numbers per chunk. Reading and decoding are
// half of correlate's work; running them here leaves the merge (main thread) the matching.

import { parentPort, workerData } from 'node:worker_threads';
import { innermostSegment, PacketDecoder } from '../../../decode/index.js';
import { InputError } from '../../../errors.js';
import { READ_PREFIX, readCapture } from '../../../pcap/index.js';
import type { CaptureInterface } from '../../../pcap/types.js';
import { decodeCounters } from '../../receiver-counters.js';
import { FlowKey, writeFingerprint } from '../match/fingerprint.js';
import { ChunkPool } from './chunk-pool.js';
import { Pacer, unstarted, type ReaderState } from './pacer.js';
import * as W from './wire.js';

const port = parentPort!;
const { decode, leadSeconds, readers: readerCount, queue: queueMemory } = workerData as W.WorkerInit;
const pool = new ChunkPool();
// One decoder per worker: its headers are filled again for every frame, so nothing is kept past one.
const decoder = new PacketDecoder(decode, false);
/** Every file's progress: this worker's own files as they are read, the others' as the merge last told. */
const readers: ReaderState[] = Array.from({ length: readerCount }, unstarted);
const mine = new Set<number>();
const offsets = readers.map(() => 0);
const pacer = new Pacer(readers, offsets, leadSeconds);
/**
 * Batches sent, at most MAX_QUEUED more than the merge took (else memory follows the merge's lag);
 * a worker that has to wait reads on once the merge is down to RESUME_QUEUED, so it wakes once per
 * few batches. Shared cells, not messages: a message would queue behind the batches.
 */
const MAX_QUEUED = 4;
const RESUME_QUEUED = 2;
let sent = 0;
const queue = new Int32Array(queueMemory);

/** True when the queue is full; then asks the merge for a wake-up at RESUME_QUEUED. */
function queueFull(): boolean {
  if (sent - Atomics.load(queue, W.QUEUE_TAKEN) <= MAX_QUEUED) return false;
  Atomics.store(queue, W.QUEUE_WAKE_AT, sent - RESUME_QUEUED);
  // The merge may have got there between the two: it checks the cell only after taking a batch.
  return sent - Atomics.load(queue, W.QUEUE_TAKEN) > RESUME_QUEUED;
}
const flowIds = new Map<string, number>();
let newFlows: [number, string, string][] = [];

port.on('message', (m: W.ToWorker) => {
  if (m.type === 'start') return void readAll(m.files);
  for (const c of m.released) pool.release(c);
  m.offsets.forEach((o, r) => (offsets[r] = o));
  readers.forEach((reader, r) => {
    if (mine.has(r)) return;
    reader.time = m.times[r]!;
    reader.done = m.done[r]!;
  });
  pacer.wake();
});

const reportedDropsOf = (i: CaptureInterface): number | undefined =>
  i.stats && (i.stats.ifdrop !== undefined || i.stats.osdrop !== undefined) ? (i.stats.ifdrop ?? 0) + (i.stats.osdrop ?? 0) : undefined;

const countersOf = (i: CaptureInterface) => (i.stats?.comments ?? []).map(decodeCounters).find((c) => c !== undefined);

const INITIAL_ROWS = 4096;
/**
 * Bytes read at once into a chunk: a chunk stays pinned while any segment in it waits to be
 * judged, so small ones keep the memory (and the page faults of fresh memory) near the window's.
 */
const READ_BYTES = 1024 * 1024;

/** One file's rows since its last batch. */
class Rows {
  rows = new Int32Array(INITIAL_ROWS * W.ROW);
  times = new Float64Array(INITIAL_ROWS);
  count = 0;
  /**
   * Per point of this file, its count since the last batch: kept across batches, so that a batch's
   * first record makes no object (a path first taken once the worker was optimized deoptimized it).
   */
  points = new Map<number, W.PointCount>();
  sealed: number[] = [];
  time: number | undefined;

  add(): number {
    if (this.count === this.times.length) {
      const rows = new Int32Array(this.rows.length * 2);
      rows.set(this.rows);
      this.rows = rows;
      const times = new Float64Array(this.times.length * 2);
      times.set(this.times);
      this.times = times;
    }
    return this.count++;
  }

  flush(reader: number): void {
    const n = this.count;
    const rows = this.rows.slice(0, n * W.ROW);
    const times = this.times.slice(0, n);
    sent++;
    const points = [...this.points.values()].filter((c) => c.packets > 0);
    const batch: W.Batch = { type: 'batch', reader, rows, times, count: n, flows: newFlows, chunks: pool.takeNew(), sealed: this.sealed, points, time: this.time };
    // postMessage copies the counts at once: they can start again from zero.
    port.postMessage(batch, [rows.buffer, times.buffer]);
    for (const c of points) c.packets = 0;
    newFlows = [];
    this.count = 0;
    this.sealed = [];
  }
}

function flowOf(key: FlowKey): number {
  const id = key.id();
  let f = flowIds.get(id);
  if (f === undefined) {
    f = flowIds.size;
    flowIds.set(id, f);
    newFlows.push([f, id, key.reverseId()]);
  }
  return f;
}

async function readOne(file: W.WorkerFile): Promise<void> {
  const { reader, byInterface } = file;
  const out = new Rows();
  /** Chunks handed to the reader and not sealed yet, oldest first; the last two are the current one and the one read ahead. */
  const held: number[] = [];
  // The last two flows seen: a point sees a transfer's data and its ACKs in turn.
  let last = new FlowKey();
  let lastFlow = -1;
  let other = new FlowKey();
  let otherFlow = -1;
  // The window's buffer changes once per refill: its chunk and where it starts in it are looked up then.
  let window: Buffer | undefined;
  let windowChunk = -1;
  let windowStart = 0;
  const result = await readCapture(
    file.path,
    (rec) => {
      const raw = rec.tsSec + rec.tsNsec / 1e9;
      out.time = raw;
      const p = byInterface[rec.interfaceId] ?? -1;
      if (p < 0) return;
      let pc = out.points.get(p);
      if (pc === undefined) {
        pc = { point: p, packets: 0, firstRaw: raw, lastRaw: raw };
        out.points.set(p, pc);
      }
      if (pc.packets++ === 0) pc.firstRaw = raw;
      pc.lastRaw = raw;
      // A refilled record: its bytes are read where they lie in the window, without a view per frame.
      const buf = rec.chunk!;
      const at = rec.dataAt!;
      const capLen = rec.capLen;
      const pkt = decoder.decodeAt(rec.linkType, buf, at, capLen, rec.wireLen);
      const l4 = innermostSegment(pkt);
      if (l4 === undefined) return;
      const ip = pkt.ip[l4.ipIndex]!;
      if (lastFlow < 0 || !last.matches(ip, l4)) {
        const fresh = other;
        const wasOther = otherFlow >= 0 && other.matches(ip, l4);
        if (!wasOther) fresh.set(ip, l4);
        const flow = wasOther ? otherFlow : flowOf(fresh);
        other = last;
        otherFlow = lastFlow;
        last = fresh;
        lastFlow = flow;
      }
      const flow = lastFlow;
      if (buf !== window) {
        window = buf;
        windowChunk = pool.chunkOf(buf);
        windowStart = windowChunk < 0 ? 0 : buf.byteOffset - pool.startOf(windowChunk);
      }
      let chunk = windowChunk;
      let offset = windowStart + at;
      if (chunk < 0) {
        // A record larger than a chunk, gathered outside the pool by the reader.
        chunk = pool.adopt(buf.subarray(at, at + capLen));
        offset = 0;
        out.sealed.push(chunk);
      }
      const i = out.add();
      const r = out.rows;
      const b = i * W.ROW;
      const start = l4.payloadOffset - at;
      const end = Math.min(capLen, start + l4.payloadLength);
      r[b + W.POINT] = p;
      r[b + W.FLOW] = flow;
      writeFingerprint(r, b, ip, l4);
      r[b + W.FRAME] = rec.frame;
      r[b + W.CAPTURED] = Math.max(0, end - start);
      r[b + W.CHUNK] = chunk;
      r[b + W.FRAME_OFFSET] = offset;
      r[b + W.FRAME_LENGTH] = capLen;
      r[b + W.WIRE_LENGTH] = rec.wireLen;
      r[b + W.LINK_TYPE] = rec.linkType;
      r[b + W.PAYLOAD_OFFSET] = start;
      pool.digest(chunk, offset + start, Math.max(0, end - start), r, b + W.DIGEST);
      out.times[i] = raw;
    },
    {
      reuseRecord: true,
      chunkBuffer: (bytes) => {
        const { chunk, buffer } = pool.take(Math.min(bytes, READ_PREFIX + READ_BYTES));
        held.push(chunk);
        return buffer;
      },
      beforeRefill: async () => {
        // The chunk before the current one is past: its tail was copied out at the last refill. The
        // current one is not: its tail is copied after this, and another file of this worker may
        // be given any released chunk meanwhile.
        if (held.length === 3) out.sealed.push(held.shift()!);
        out.flush(reader);
        readers[reader]!.time = out.time ?? -Infinity;
        pacer.wake();
        await pacer.waitTurn(reader, queueFull);
      },
    },
  );
  // The reader waited out its read ahead before returning: no read lands in any chunk after this.
  out.sealed.push(...held);
  out.flush(reader);
  readers[reader]!.done = true;
  pacer.wake();
  const s = result.summary;
  const done: W.ReaderDone = { type: 'done', reader, path: s.path, format: s.format, packets: s.packets, bytes: s.bytes, reportedDrops: s.interfaces.map(reportedDropsOf), counters: s.interfaces.map(countersOf) };
  if (result.error) done.error = { file: result.error.file, offset: result.error.offset, reason: result.error.reason };
  if (s.warning !== undefined) done.warning = s.warning;
  port.postMessage(done);
}

async function readAll(files: W.WorkerFile[]): Promise<void> {
  for (const f of files) mine.add(f.reader);
  try {
    await Promise.all(files.map(readOne));
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const failed: W.ReaderFailed = { type: 'failed', error: { file: e.file, offset: e.offset, reason: e.reason } };
    port.postMessage(failed);
  }
}
