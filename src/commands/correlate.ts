// `correlate`: points in path order (NAME=FILE, NAME=FILE#IFNAME), one Correlation out, printed
// as text or JSON; exit 2 on a bad input (after printing what was found), 1 on findings, else 0.

import { correlate, type CorrelateResult, type Correlation, type PointSpec } from '../analyze/correlate/index.js';
import type { DecodeOptions } from '../decode/index.js';
import { messageLine, UsageError } from '../errors.js';
import { correlatePoint } from '../flags/points.js';
import { renderCorrelationJson } from '../report/correlation-json.js';
import { renderCorrelationText } from '../report/correlation-text.js';
import { printable } from '../text/printable.js';
import { analyze, decodeOptions } from './analyze.js';

export interface CorrelateCliOptions {
  json?: boolean;
  html?: string;
  vxlanPort: string[];
  genevePort: string[];
}

export function exitStatus(result: CorrelateResult): number {
  if (result.errors.length > 0) return 2;
  return result.correlation.findings.length > 0 ? 1 : 0;
}

/**
 * The HTML report of a correlation: the per-point analysis of the same files (a second read, only
 * when a report is asked for) with the path section and the findings only correlation can make.
 */
async function writeCorrelationReport(correlation: Correlation, points: PointSpec[], decode: DecodeOptions, file: string): Promise<string> {
  const { analysis } = await analyze({ captures: [...new Set(points.map((p) => p.path))].map((path) => ({ path, point: points.find((p) => p.path === path)!.name })), decode });
  const known = new Set(analysis.findings.map((f) => f.kind));
  analysis.findings = [...correlation.findings.filter((f) => !known.has(f.kind)), ...analysis.findings];
  const { writeHtmlReport } = await import('../report/html.js');
  const written = await writeHtmlReport(analysis, file, { correlation, source: `ovsforensics correlate ${points.map((p) => p.name).join(' ')}` });
  return written.path;
}

export async function runCorrelateCommand(args: string[], opts: CorrelateCliOptions): Promise<number> {
  const points = args.map((a) => correlatePoint('correlate', a));
  if (points.length < 2) throw new UsageError('correlate: name at least two capture points in path order, e.g. ctrA=a.pcap hostA=b.pcap');
  const names = new Set<string>();
  for (const p of points) {
    if (names.has(p.name)) throw new UsageError(`correlate: point name ${p.name} is given twice`);
    names.add(p.name);
  }
  const decode = decodeOptions(opts);
  const result = await correlate({ points, decode });
  process.stdout.write(opts.json ? renderCorrelationJson(result.correlation) : renderCorrelationText(result.correlation));
  if (opts.html) {
    const written = await writeCorrelationReport(result.correlation, points, decode, opts.html);
    if (!opts.json) process.stdout.write(`report: ${printable(written)}\n`);
  }
  for (const i of result.correlation.inputs) if (i.warning !== undefined) process.stderr.write(messageLine(`warning: ${i.warning}`));
  for (const e of result.errors) process.stderr.write(messageLine(e.message));
  return exitStatus(result);
}
