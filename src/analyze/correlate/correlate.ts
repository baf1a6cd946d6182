// Follows the same segments through several capture points: all files are read at once, paced
// by (clock-corrected) time, each record's innermost segment goes to one shared SegmentTable,
// judged segments to the Ledger. What was read before a bad record still counts.

import { decodePacket, DEFAULT_DECODE_OPTIONS, type DecodeOptions } from '../../decode/index.js';
import type { InputError } from '../../errors.js';
import { readCapture } from '../../pcap/index.js';
import type { CaptureInterface } from '../../pcap/types.js';
import { Clocks } from './clocks.js';
import { segmentOf } from './fingerprint.js';
import { Ledger } from './ledger.js';
import { Pacer } from './pacer.js';
import { pointsOf, probeInterfaces, type PointSpec } from './points.js';
import { buildCorrelation } from './result.js';
import { SegmentTable, type PointState, type ReaderState } from './segment-table.js';
import type { Correlation, CorrelationInput } from './types.js';

export interface CorrelateOptions {
  points: PointSpec[];
  decode?: DecodeOptions;
  /** A point must be this far past a segment before missing it counts (default 0.2 s). */
  windowSeconds?: number;
  /** How far ahead of the slowest file a file may read (default 0.1 s). */
  leadSeconds?: number;
  /** In-flight segments beyond which the oldest are judged anyway (default 200,000). */
  maxInFlight?: number;
  /** Altered segments described byte by byte (default 200). */
  maxAltered?: number;
}

export interface CorrelateResult {
  correlation: Correlation;
  errors: InputError[];
}

const reportedDropsOf = (i: CaptureInterface | undefined): number | undefined =>
  i?.stats && (i.stats.ifdrop !== undefined || i.stats.osdrop !== undefined) ? (i.stats.ifdrop ?? 0) + (i.stats.osdrop ?? 0) : undefined;

export async function correlate(options: CorrelateOptions): Promise<CorrelateResult> {
  const decode = options.decode ?? DEFAULT_DECODE_OPTIONS;
  const errors: InputError[] = [];
  const points: PointState[] = [];
  const specs = options.points;
  const byInterface: number[][] = [];
  for (const [i, spec] of specs.entries()) {
    const probe = await probeInterfaces(spec.path);
    if (probe.error) errors.push(probe.error);
    const own = pointsOf(spec, i, i, probe.interfaces, points.length);
    points.push(...own.points);
    byInterface.push(own.byInterface);
  }
  const readers: ReaderState[] = specs.map(() => ({ time: -Infinity, done: false }));
  const clocks = new Clocks(specs.length);
  const ledger = new Ledger(points, { maxAltered: options.maxAltered ?? 200, maxPatterns: 500, maxSuspects: 100_000 });
  const table = new SegmentTable(points, readers, clocks, { windowSeconds: options.windowSeconds ?? 0.2, maxInFlight: options.maxInFlight ?? 200_000 }, ledger.judge);
  const pacer = new Pacer(readers, clocks, options.leadSeconds ?? 0.1);
  const inputs: CorrelationInput[] = specs.map((s) => ({ path: s.path, format: 'pcap', packets: 0, bytes: 0 }));
  const reportedDrops: (number | undefined)[] = points.map(() => undefined);

  const readOne = async (r: number): Promise<void> => {
    const spec = specs[r]!;
    const map = byInterface[r]!;
    const reader = readers[r]!;
    const result = await readCapture(
      spec.path,
      (rec) => {
        const raw = rec.tsSec + rec.tsNsec / 1e9;
        reader.time = raw;
        const p = map[rec.interfaceId] ?? -1;
        if (p < 0) return;
        const point = points[p]!;
        point.packets++;
        point.firstRaw ??= raw;
        point.lastRaw = raw;
        const seg = segmentOf(decodePacket(rec.linkType, rec.data, rec.wireLen, decode));
        if (seg === undefined) return;
        point.segments++;
        table.observe(p, raw, rec.frame, rec.data, seg);
      },
      {
        beforeRefill: () => {
          table.sweep(false);
          pacer.wake();
          return pacer.hold(r);
        },
      },
    );
    reader.done = true;
    pacer.wake();
    const s = result.summary;
    const input: CorrelationInput = { path: s.path, format: s.format, packets: s.packets, bytes: s.bytes };
    if (s.error !== undefined) input.error = s.error;
    inputs[r] = input;
    if (result.error && !errors.some((e) => e.message === result.error!.message)) errors.push(result.error);
    s.interfaces.forEach((iface, id) => {
      const p = map[id] ?? -1;
      if (p >= 0) reportedDrops[p] = reportedDropsOf(iface);
    });
  };

  await Promise.all(specs.map((_, r) => readOne(r)));
  table.sweep(true);
  ledger.finish();
  const correlation = buildCorrelation({ inputs, points, reportedDrops, clocks, ledger, flows: table.flows.values(), segments: table.count });
  return { correlation, errors };
}
