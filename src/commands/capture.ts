// `capture`: flags in, a CaptureRequest out (pure, tested), then the run: status line on a
// terminal, the per-point counters and the analysis summary at the end, --report if asked.

import { runCapture, parseTargets, type CaptureRequest, type CaptureResult, type Engine } from '../capture/index.js';
import { UsageError } from '../errors.js';
import { OVS_DEFAULT_DB } from '../host/ovs.js';
import { requireRoot } from '../host/programs.js';
import { renderCaptureStatus, renderCaptureSummary } from '../report/capture-text.js';
import { printable } from '../report/printable.js';
import { renderAnalysisText } from '../report/text.js';

export interface CaptureCliOptions {
  interface: string[];
  container: string[];
  netns: string[];
  pid: string[];
  ovsPort: string[];
  ovsDb?: string;
  span?: boolean;
  write?: string;
  count?: string;
  duration?: string;
  rotateSize?: string;
  maxFiles?: string;
  report?: string;
  snaplen: string;
  bufferSize: string;
  engine?: string;
  status: boolean;
}

function positive(flag: string, v: string | undefined, integer: boolean): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new UsageError(`${flag} ${v}: expected a positive ${integer ? 'integer' : 'number'}`);
  return n;
}

export type ParsedCapture = Omit<CaptureRequest, 'notice' | 'onStatus'>;

export function parseCaptureOptions(filter: string[], o: CaptureCliOptions): ParsedCapture {
  if (o.write === undefined) throw new UsageError('capture: -w FILE (or -w - for stdout) is required');
  const targets = parseTargets({ iface: o.interface, container: o.container, netns: o.netns, pid: o.pid });
  if (targets.length === 0 && o.ovsPort.length === 0) throw new UsageError('capture: name something to capture on (-i, --container, --netns, --pid or --ovs-port)');
  if (o.span && o.ovsPort.length === 0) throw new UsageError('--span mirrors the bridge of an --ovs-port: name the port');
  const rotateMb = positive('--rotate-size', o.rotateSize, false);
  const maxFiles = positive('--max-files', o.maxFiles, true);
  if (maxFiles !== undefined && rotateMb === undefined) throw new UsageError('--max-files needs --rotate-size');
  if (rotateMb !== undefined && o.write === '-') throw new UsageError('--rotate-size needs a file, not -w -');
  const snapLen = positive('--snaplen', o.snaplen, true)!;
  if (snapLen < 262144) throw new UsageError(`--snaplen ${snapLen}: at least 262144, or GRO and BIG TCP frames are cut`);
  if (o.engine !== undefined && o.engine !== 'pcap' && o.engine !== 'tcpdump') throw new UsageError(`--engine ${o.engine}: pcap or tcpdump`);
  const req: ParsedCapture = {
    targets,
    ovsPorts: o.ovsPort,
    ovsDb: o.ovsDb ?? OVS_DEFAULT_DB,
    span: Boolean(o.span),
    filter,
    output: { path: o.write },
    snapLen,
    bufferBytes: positive('--buffer-size', o.bufferSize, false)! * 1024 * 1024,
  };
  if (rotateMb !== undefined) req.output.rotateBytes = Math.round(rotateMb * 1e6);
  if (maxFiles !== undefined) req.output.maxFiles = maxFiles;
  const count = positive('-c', o.count, true);
  if (count !== undefined) req.count = count;
  const duration = positive('--duration', o.duration, false);
  if (duration !== undefined) req.durationMs = duration * 1000;
  if (o.engine !== undefined) req.engine = o.engine as Engine;
  return req;
}

/** Exit status as `analyze`: 1 when the capture shows a problem, else 0. */
export function captureExitStatus(r: CaptureResult): number {
  return r.analysis.findings.length > 0 ? 1 : 0;
}

export async function runCaptureCommand(filter: string[], o: CaptureCliOptions): Promise<number> {
  const parsed = parseCaptureOptions(filter, o);
  requireRoot('capture');
  const err = process.stderr;
  // With -w - the frames own stdout, so everything else goes to stderr.
  const out = parsed.output.path === '-' ? err : process.stdout;
  const live = o.status && err.isTTY;
  const result = await runCapture({
    ...parsed,
    notice: (m) => err.write(`ovsforensics: ${printable(m)}\n`),
    onStatus: live ? (s) => err.write(`\r\x1b[K${renderCaptureStatus(s)}`) : undefined,
  });
  if (live) err.write('\r\x1b[K');
  out.write(renderCaptureSummary(result) + renderAnalysisText(result.analysis));
  if (o.report !== undefined) {
    const { writeHtmlReport } = await import('../report/html.js');
    const written = await writeHtmlReport(result.analysis, o.report);
    out.write(`report: ${printable(written.path)}\n`);
  }
  return captureExitStatus(result);
}
