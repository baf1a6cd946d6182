// The file-reading core of `analyze`, `correlate --html` and `fix --verify`: reads every capture,
// feeds one Analyzer, and returns the Analysis plus the input errors met on the way (what was read
// before a bad record still counts).

import { leaseSimdChunks } from '../checksum/simd-sum.js';
import type { DecodeOptions } from '../decode/index.js';
import { InputError } from '../errors.js';
import { readCapture, type ReadOptions } from '../pcap/index.js';
import type { CaptureSummary, Direction } from '../pcap/types.js';
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
}

export interface AnalyzeResult {
  analysis: Analysis;
  errors: InputError[];
}

export async function analyze(options: AnalyzeOptions): Promise<AnalyzeResult> {
  const analyzer = new Analyzer({ decode: options.decode });
  const summaries: CaptureSummary[] = [];
  const errors: InputError[] = [];
  for (const [index, spec] of options.captures.entries()) {
    const ctx: InputContext = { index, point: spec.point };
    if (spec.role) ctx.role = spec.role;
    const progress = options.onProgress;
    let packets = 0;
    // The reader's chunks go where the SIMD checksum sums them in place (src/checksum/simd-sum.ts).
    const lease = leaseSimdChunks();
    const readOptions: ReadOptions = {};
    if (lease !== undefined) readOptions.chunkBuffer = lease.chunkBuffer;
    if (progress) readOptions.onProgress = (c, t) => progress(spec.path, c, t, packets);
    const result = await readCapture(
      spec.path,
      (rec, summary) => {
        packets++;
        // A pcapng with several interfaces is one point per interface; the analyzer drops the
        // interface from the name at the end if the file had only one (its blocks may come late).
        const iface = summary.format === 'pcapng' ? summary.interfaces[rec.interfaceId] : undefined;
        analyzer.add(rec, ctx, iface === undefined ? undefined : (iface.name ?? `if${iface.id}`));
      },
      readOptions,
    )
      .catch((e: unknown) => {
        if (!(e instanceof InputError)) throw e;
        return { summary: { path: spec.path, format: 'pcap' as const, gzip: false, interfaces: [], packets: 0, bytes: 0, error: e.message }, error: e };
      })
      .finally(() => lease?.release());
    summaries.push(result.summary);
    if (result.error) errors.push(result.error);
  }
  return { analysis: analyzer.finish(summaries), errors };
}

