// `analyze`: reads every capture, feeds one Analyzer, and returns the Analysis plus the input
// errors met on the way (what was read before a bad record still counts).

import { basename } from 'node:path';
import { Analyzer, type InputContext } from '../analyze/analyzer.js';
import type { Analysis } from '../analyze/types.js';
import { DEFAULT_DECODE_OPTIONS, type DecodeOptions } from '../decode/index.js';
import { InputError, UsageError } from '../errors.js';
import { readCapture } from '../pcap/index.js';
import type { CaptureSummary, Direction } from '../pcap/types.js';
import { renderAnalysisJson } from '../report/json.js';
import { printable } from '../report/printable.js';
import { progressReporter } from '../report/progress.js';
import { renderAnalysisText } from '../report/text.js';

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

const ROLES: Record<string, Direction> = {
  in: 'inbound',
  inbound: 'inbound',
  rx: 'inbound',
  receiver: 'inbound',
  out: 'outbound',
  outbound: 'outbound',
  tx: 'outbound',
  sender: 'outbound',
};

/** NAME=FILE or NAME:ROLE=FILE, ROLE one of inbound/outbound (or in, rx, receiver / out, tx, sender). */
export function parsePointSpec(spec: string): CaptureSpec {
  const eq = spec.indexOf('=');
  if (eq <= 0 || eq === spec.length - 1) throw new UsageError(`--point ${spec}: expected NAME=FILE or NAME:ROLE=FILE`);
  const [name, roleWord] = spec.slice(0, eq).split(':', 2) as [string, string | undefined];
  const path = spec.slice(eq + 1);
  if (roleWord === undefined) return { path, point: name };
  const role = ROLES[roleWord.toLowerCase()];
  if (role === undefined) throw new UsageError(`--point ${spec}: role "${roleWord}" is not inbound or outbound`);
  return { path, point: name, role };
}

export function parsePorts(flag: string, values: string[]): number[] {
  return values.map((v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`${flag} ${v}: not a UDP port`);
    return n;
  });
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
    const result = await readCapture(
      spec.path,
      (rec, summary) => {
        packets++;
        // A pcapng with several interfaces is one point per interface; the analyzer drops the
        // interface from the name at the end if the file had only one (its blocks may come late).
        const iface = summary.format === 'pcapng' ? summary.interfaces[rec.interfaceId] : undefined;
        analyzer.add(rec, ctx, iface === undefined ? undefined : (iface.name ?? `if${iface.id}`));
      },
      progress ? { onProgress: (c, t) => progress(spec.path, c, t, packets) } : {},
    ).catch((e: unknown) => {
      if (!(e instanceof InputError)) throw e;
      return { summary: { path: spec.path, format: 'pcap' as const, gzip: false, interfaces: [], packets: 0, bytes: 0, error: e.message }, error: e };
    });
    summaries.push(result.summary);
    if (result.error) errors.push(result.error);
  }
  return { analysis: analyzer.finish(summaries), errors };
}

export interface AnalyzeCliOptions {
  json?: boolean;
  html?: string;
  point: string[];
  vxlanPort: string[];
  genevePort: string[];
  progress: boolean;
}

/** Exit status per DESIGN.md: 2 when an input was bad, else 1 when something is wrong, else 0. */
export function exitStatus(result: AnalyzeResult): number {
  if (result.errors.length > 0) return 2;
  return result.analysis.findings.length > 0 ? 1 : 0;
}

export async function runAnalyzeCommand(files: string[], opts: AnalyzeCliOptions): Promise<number> {
  const captures: CaptureSpec[] = [...files.map((path) => ({ path, point: basename(path) })), ...opts.point.map(parsePointSpec)];
  if (captures.length === 0) throw new UsageError('analyze: name at least one capture file');
  const decode: DecodeOptions = {
    ...DEFAULT_DECODE_OPTIONS,
    vxlanPorts: new Set([...DEFAULT_DECODE_OPTIONS.vxlanPorts, ...parsePorts('--vxlan-port', opts.vxlanPort)]),
    genevePorts: new Set([...DEFAULT_DECODE_OPTIONS.genevePorts, ...parsePorts('--geneve-port', opts.genevePort)]),
  };
  const progress = opts.progress && process.stderr.isTTY ? progressReporter(process.stderr) : undefined;
  const result = await analyze({ captures, decode, onProgress: progress?.update });
  progress?.done();
  process.stdout.write(opts.json ? renderAnalysisJson(result.analysis) : renderAnalysisText(result.analysis));
  if (opts.html) {
    const { writeHtmlReport } = await import('../report/html.js');
    const written = await writeHtmlReport(result.analysis, opts.html);
    if (!opts.json) process.stdout.write(`report: ${printable(written.path)}\n`);
  }
  for (const i of result.analysis.inputs) if (i.warning !== undefined) process.stderr.write(`ovsforensics: warning: ${i.warning}\n`);
  for (const e of result.errors) process.stderr.write(`ovsforensics: ${e.message}\n`);
  return exitStatus(result);
}
