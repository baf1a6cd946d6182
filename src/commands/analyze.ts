// `analyze`: reads every capture, feeds one Analyzer, and returns the Analysis plus the input
// errors met on the way (what was read before a bad record still counts).

import { basename } from 'node:path';
import { Analyzer, type InputContext } from '../analyze/analyzer.js';
import { isFault } from '../analyze/findings.js';
import type { Analysis } from '../analyze/types.js';
import { DEFAULT_DECODE_OPTIONS, type DecodeOptions } from '../decode/index.js';
import { InputError, messageLine, UsageError } from '../errors.js';
import { port } from '../flags/numbers.js';
import { analyzePoint } from '../flags/points.js';
import { readCapture } from '../pcap/index.js';
import type { CaptureSummary, Direction } from '../pcap/types.js';
import { renderAnalysisJson } from '../report/json.js';
import { printable } from '../text/printable.js';
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

/** The default tunnel ports plus those of --vxlan-port and --geneve-port (analyze's and correlate's). */
export function decodeOptions(opts: { vxlanPort: string[]; genevePort: string[] }): DecodeOptions {
  return {
    ...DEFAULT_DECODE_OPTIONS,
    vxlanPorts: new Set([...DEFAULT_DECODE_OPTIONS.vxlanPorts, ...opts.vxlanPort.map((v) => port('--vxlan-port', v))]),
    genevePorts: new Set([...DEFAULT_DECODE_OPTIONS.genevePorts, ...opts.genevePort.map((v) => port('--geneve-port', v))]),
  };
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
  return result.analysis.findings.some(isFault) ? 1 : 0;
}

export async function runAnalyzeCommand(files: string[], opts: AnalyzeCliOptions): Promise<number> {
  const captures: CaptureSpec[] = [...files.map((path) => ({ path, point: basename(path) })), ...opts.point.map((p) => analyzePoint('--point', p))];
  if (captures.length === 0) throw new UsageError('analyze: name at least one capture file');
  const decode = decodeOptions(opts);
  const progress = opts.progress && process.stderr.isTTY ? progressReporter(process.stderr) : undefined;
  const result = await analyze({ captures, decode, onProgress: progress?.update });
  progress?.done();
  process.stdout.write(opts.json ? renderAnalysisJson(result.analysis) : renderAnalysisText(result.analysis));
  if (opts.html) {
    const { writeHtmlReport } = await import('../report/html.js');
    const written = await writeHtmlReport(result.analysis, opts.html);
    if (!opts.json) process.stdout.write(`report: ${printable(written.path)}\n`);
  }
  for (const i of result.analysis.inputs) if (i.warning !== undefined) process.stderr.write(messageLine(`warning: ${i.warning}`));
  for (const e of result.errors) process.stderr.write(messageLine(e.message));
  return exitStatus(result);
}
