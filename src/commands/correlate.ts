// `correlate`: points in path order (NAME=FILE, NAME=FILE#IFNAME), one Correlation out, printed
// as text or JSON; exit 2 on a bad input (after printing what was found), 1 on findings, else 0.

import { existsSync } from 'node:fs';
import { correlate, type CorrelateResult, type Correlation, type PointSpec } from '../analyze/correlate/index.js';
import { DEFAULT_DECODE_OPTIONS, type DecodeOptions } from '../decode/index.js';
import { UsageError } from '../errors.js';
import { renderCorrelationJson } from '../report/correlation-json.js';
import { renderCorrelationText } from '../report/correlation-text.js';
import { printable } from '../report/printable.js';
import { analyze, parsePorts } from './analyze.js';

export interface CorrelateCliOptions {
  json?: boolean;
  html?: string;
  vxlanPort: string[];
  genevePort: string[];
}

/** NAME=FILE, or NAME=FILE#IFNAME for one interface of a pcapng (a '#' that is part of an existing path stays in it). */
export function parseCorrelatePoint(arg: string): PointSpec {
  const eq = arg.indexOf('=');
  if (eq <= 0 || eq === arg.length - 1) throw new UsageError(`correlate: ${arg}: expected NAME=FILE or NAME=FILE#IFNAME`);
  const name = arg.slice(0, eq);
  const target = arg.slice(eq + 1);
  const hash = target.lastIndexOf('#');
  if (hash <= 0 || hash === target.length - 1 || existsSync(target)) return { name, path: target };
  return { name, path: target.slice(0, hash), interface: target.slice(hash + 1) };
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
  const points = args.map(parseCorrelatePoint);
  if (points.length < 2) throw new UsageError('correlate: name at least two capture points in path order, e.g. ctrA=a.pcap hostA=b.pcap');
  const names = new Set<string>();
  for (const p of points) {
    if (names.has(p.name)) throw new UsageError(`correlate: point name ${p.name} is given twice`);
    names.add(p.name);
  }
  const decode: DecodeOptions = {
    ...DEFAULT_DECODE_OPTIONS,
    vxlanPorts: new Set([...DEFAULT_DECODE_OPTIONS.vxlanPorts, ...parsePorts('--vxlan-port', opts.vxlanPort)]),
    genevePorts: new Set([...DEFAULT_DECODE_OPTIONS.genevePorts, ...parsePorts('--geneve-port', opts.genevePort)]),
  };
  const result = await correlate({ points, decode });
  process.stdout.write(opts.json ? renderCorrelationJson(result.correlation) : renderCorrelationText(result.correlation));
  if (opts.html) {
    const written = await writeCorrelationReport(result.correlation, points, decode, opts.html);
    if (!opts.json) process.stdout.write(`report: ${printable(written)}\n`);
  }
  for (const i of result.correlation.inputs) if (i.warning !== undefined) process.stderr.write(`ovsforensics: warning: ${i.warning}\n`);
  for (const e of result.errors) process.stderr.write(`ovsforensics: ${e.message}\n`);
  return exitStatus(result);
}
