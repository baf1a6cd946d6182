// `correlate`: points in path order (NAME=FILE, NAME=FILE#IFNAME), one Correlation out; exit 2 on
// a bad input (after what was found), 1 on findings, else 0.

import type { CorrelateResult, Correlation, PointSpec } from '../analyze/correlate/index.js';
import { startDecodeWorkers } from '../analyze/correlate/transport/workers.js';
import type { Analysis } from '../analyze/types.js';
import type { DecodeOptions } from '../decode/index.js';
import { UsageError } from '../errors.js';
import { outcome, type CommandOutcome } from '../exit-status.js';
import { correlatePoint } from '../flags/points.js';
import { decodeOptions } from '../flags/tunnel-ports.js';

export interface CorrelateCliOptions {
  /** Also read the points for the HTML report (--html). */
  report?: boolean;
  vxlanPort: string[];
  genevePort: string[];
}

export interface CorrelateCommandResult extends CorrelateResult {
  points: PointSpec[];
  /** With `report`: the per-point analysis with the findings only correlation can make, for the HTML report. */
  reportAnalysis?: Analysis;
}

/**
 * The analysis the HTML report of a correlation shows: the per-point analysis of the same files (a
 * second read, only when a report is asked for) with the findings only correlation can make.
 */
async function reportAnalysis(correlation: Correlation, points: PointSpec[], decode: DecodeOptions): Promise<Analysis> {
  const { analyze } = await import('../analyze/analyze-files.js');
  const { analysis } = await analyze({ captures: [...new Set(points.map((p) => p.path))].map((path) => ({ path, point: points.find((p) => p.path === path)!.name })), decode });
  const known = new Set(analysis.findings.map((f) => f.kind));
  analysis.findings = [...correlation.findings.filter((f) => !known.has(f.kind)), ...analysis.findings];
  return analysis;
}

export async function runCorrelate(args: string[], opts: CorrelateCliOptions): Promise<CommandOutcome<CorrelateCommandResult>> {
  const points = args.map((a) => correlatePoint('correlate', a));
  if (points.length < 2) throw new UsageError('correlate: name at least two capture points in path order, e.g. ctrA=a.pcap hostA=b.pcap');
  const names = new Set<string>();
  for (const p of points) {
    if (names.has(p.name)) throw new UsageError(`correlate: point name ${p.name} is given twice`);
    names.add(p.name);
  }
  const decode = decodeOptions(opts);
  // The workers start (a thread each, loading the decoders) while correlate's own modules load here.
  const workers = startDecodeWorkers(points.length, decode);
  let correlate: typeof import('../analyze/correlate/index.js').correlate;
  try {
    ({ correlate } = await import('../analyze/correlate/index.js'));
  } catch (e) {
    await workers.terminate();
    throw e;
  }
  const result: CorrelateCommandResult = { ...(await correlate({ points, decode, workers })), points };
  if (opts.report) result.reportAnalysis = await reportAnalysis(result.correlation, points, decode);
  return outcome(result, result.correlation.findings.length > 0, result.errors.length);
}
