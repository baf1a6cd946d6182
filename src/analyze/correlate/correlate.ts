// Follows the same segments through several capture points (the stages: README.md here):
// file → chunks → workers decode → fingerprints → match across points → judge per hop → findings.
// Workers read and decode all files at once (paced by clock-corrected time, the offsets learnt
// here); the merge here matches their rows in one SegmentTable and hands judged segments to the
// Ledger. What was read before a bad record still counts.

import { DEFAULT_DECODE_OPTIONS, type DecodeOptions } from '../../decode/index.js';
import { InputError } from '../../errors.js';
import type { PointCounters } from '../receiver-counters.js';
import { Clocks } from './match/clocks.js';
import type { FlowState } from './match/flow.js';
import { Ledger } from './judge/ledger.js';
import { pointsOf, probeInterfaces, type PointSpec, type PointState } from './match/points.js';
import { buildCorrelation } from './judge/result.js';
import { SegmentTable } from './match/segment-table.js';
import { Suspects } from './match/suspects.js';
import { unstarted, type ReaderState } from './transport/pacer.js';
import { SharedChunks } from './transport/shared-chunks.js';
import type { Correlation, CorrelationInput } from './types.js';
import * as W from './transport/wire.js';
import { startDecodeWorkers, type DecodeWorkers } from './transport/workers.js';

/** Chunks (1 MiB read each) a worker gets back at once. */
const RELEASE_BATCH = 8;
/** Suspects kept until the end (beyond them, each is judged at once), and stuck sequence positions. */
const MAX_SUSPECTS = 100_000;

export interface CorrelateOptions {
  points: PointSpec[];
  decode?: DecodeOptions;
  /** A point must be this far past a segment before missing it counts (default 0.2 s). */
  windowSeconds?: number;
  /** How far ahead of the slowest file a file may read (default 0.1 s). */
  leadSeconds?: number;
  /** Decode workers started for these points (startDecodeWorkers, with the same decode options and lead); else correlate starts them. */
  workers?: DecodeWorkers;
  /** In-flight segments beyond which the oldest are judged anyway (default 200,000). */
  maxInFlight?: number;
  /** Altered segments described byte by byte (default 200). */
  maxAltered?: number;
}

export interface CorrelateResult {
  correlation: Correlation;
  errors: InputError[];
}

export async function correlate(options: CorrelateOptions): Promise<CorrelateResult> {
  const decode = options.decode ?? DEFAULT_DECODE_OPTIONS;
  const workers = options.workers ?? startDecodeWorkers(options.points.length, decode, options.leadSeconds);
  try {
    return await merge(options, decode, workers);
  } finally {
    await workers.terminate();
  }
}

/** Probes the files, gives the workers their shares, and matches what they send. */
async function merge(options: CorrelateOptions, decode: DecodeOptions, workers: DecodeWorkers): Promise<CorrelateResult> {
  const errors: InputError[] = [];
  const points: PointState[] = [];
  const specs = options.points;
  const byInterface: number[][] = [];
  const probes = await Promise.all(specs.map((spec) => probeInterfaces(spec.path, spec.interface)));
  for (const [i, spec] of specs.entries()) {
    const probe = probes[i]!;
    if (probe.error) errors.push(probe.error);
    const own = pointsOf({ spec, input: i, reader: i, interfaces: probe.interfaces, first: points.length });
    points.push(...own.points);
    byInterface.push(own.byInterface);
  }
  const readers: ReaderState[] = specs.map(unstarted);
  const clocks = new Clocks(specs.length);
  const workerCount = workers.count;
  const shares: W.WorkerFile[][] = Array.from({ length: workerCount }, () => []);
  specs.forEach((spec, r) => shares[r % workerCount]!.push({ reader: r, path: spec.path, byInterface: byInterface[r]! }));
  const chunks = new SharedChunks(workerCount);
  const suspects = new Suspects(MAX_SUSPECTS);
  const ledger = new Ledger(points, suspects, { maxAltered: options.maxAltered ?? 200, maxPatterns: 500, maxSuspects: MAX_SUSPECTS });
  const table = new SegmentTable({ points, readers, clocks, chunks, judge: ledger.judge, windowSeconds: options.windowSeconds ?? 0.2, maxInFlight: options.maxInFlight ?? 200_000, decode, suspects });
  const inputs: CorrelationInput[] = specs.map((s) => ({ path: s.path, format: 'pcap', packets: 0, bytes: 0 }));
  const reportedDrops: (number | undefined)[] = points.map(() => undefined);
  const counters: (PointCounters | undefined)[] = points.map(() => undefined);
  /** Per worker, its flow numbers to the table's flows. */
  const flowsOf: FlowState[][] = shares.map(() => []);
  let sentOffsets: number[] = specs.map(() => 0);
  let remaining = specs.length;

  /**
   * Tells workers what they pace their files by: after a batch from worker `from` (-1: no batch) to
   * the other workers, whose files may wait on that one; to all when a clock offset moved; to
   * `from` when it waits for the merge to work off its queue; and chunks back a few at a time
   * (each message wakes a thread, which costs more than a chunk's memory).
   */
  const steer = (from: number, ended: boolean): void => {
    const offsets = specs.map((_, r) => clocks.offset(r));
    const offsetsMoved = offsets.some((o, r) => o !== sentOffsets[r]);
    sentOffsets = offsets;
    const wake = from >= 0 && workers.tookBatch(from);
    chunks.released().forEach((released, w) => {
      const needed = offsetsMoved || (w === from ? wake : workers.count > 1) || released.length >= RELEASE_BATCH || (ended && released.length > 0);
      if (!needed) return;
      const m: W.Steer = { type: 'steer', offsets, times: readers.map((r) => r.time), done: readers.map((r) => r.done), released: released.splice(0) };
      workers.send(w, m);
    });
  };

  const onBatch = (w: number, m: W.Batch): void => {
    const flows = flowsOf[w]!;
    for (const [local, id, reverseId] of m.flows) flows[local] = table.flow(id, reverseId);
    for (const [chunk, memory, offset, length] of m.chunks) chunks.add(w, chunk, memory, offset, length);
    for (const c of m.points) {
      const point = points[c.point]!;
      point.packets += c.packets;
      point.firstRaw ??= c.firstRaw;
      point.lastRaw = c.lastRaw;
    }
    const rows = m.rows;
    const row: W.BatchRow = { worker: w, rows, base: 0, times: m.times, index: 0 };
    for (let i = 0; i < m.count; i++) {
      const b = i * W.ROW;
      row.base = b;
      row.index = i;
      points[rows[b + W.POINT]!]!.segments++;
      table.observe(row, flows[rows[b + W.FLOW]!]!);
    }
    if (m.time !== undefined) readers[m.reader]!.time = m.time;
    for (const chunk of m.sealed) chunks.seal(w, chunk);
    table.sweep(false);
  };

  const onDone = (m: W.ReaderDone): void => {
    const r = m.reader;
    readers[r]!.done = true;
    const input: CorrelationInput = { path: m.path, format: m.format, packets: m.packets, bytes: m.bytes };
    if (m.error !== undefined) {
      const e = new InputError(m.error.file, m.error.offset, m.error.reason);
      input.error = e.message;
      if (!errors.some((x) => x.message === e.message)) errors.push(e);
    }
    if (m.warning !== undefined) input.warning = m.warning;
    inputs[r] = input;
    m.reportedDrops.forEach((drops, id) => {
      const p = byInterface[r]![id] ?? -1;
      if (p >= 0) reportedDrops[p] = drops;
    });
    m.counters.forEach((c, id) => {
      const p = byInterface[r]![id] ?? -1;
      if (p >= 0) counters[p] = c;
    });
  };

  workers.start(shares, (w, m) => {
    if (m.type === 'failed') throw new InputError(m.error.file, m.error.offset, m.error.reason);
    if (m.type === 'batch') onBatch(w, m);
    else onDone(m);
    if (m.type === 'done' && --remaining === 0) workers.finish();
    else steer(m.type === 'batch' ? w : -1, m.type === 'done');
  });
  await workers.finished;
  // Their threads (and chunk memory) go down on another core while the last segments are judged.
  void workers.terminate();
  table.sweep(true);
  ledger.finish();
  const correlation = buildCorrelation({ inputs, points, reportedDrops, counters, clocks, ledger, flows: table.flows.values(), segments: table.count });
  return { correlation, errors };
}
