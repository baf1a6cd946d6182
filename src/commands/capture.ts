// `capture`: flags in, a CaptureRequest out (pure, tested), then the run, its notices and live
// status handed to the hooks; the CaptureResult (per-point counters, analysis) out.

import { isFault } from '../analyze/findings.js';
import { runCapture as capture, type CaptureRequest, type CaptureResult, type Engine } from '../capture/index.js';
import { UsageError } from '../errors.js';
import { outcome, type CommandOutcome } from '../exit-status.js';
import { parseCaptureTargets } from '../target/flags.js';
import { choice, label } from '../flags/names.js';
import { count, megabytes, seconds, wholeNumber } from '../flags/numbers.js';
import { ovsDb } from '../flags/ovsdb.js';
import { OVS_DEFAULT_DB } from '../host/ovs.js';
import { requireRoot } from '../host/programs.js';

export interface CaptureCliOptions {
  interface: string[];
  container: string[];
  netns: string[];
  pid: string[];
  runtime?: string;
  ovsPort: string[];
  ovsDb?: string;
  span?: boolean;
  write?: string;
  count?: string;
  duration?: string;
  rotateSize?: string;
  maxFiles?: string;
  snaplen: string;
  bufferSize: string;
  engine?: string;
}

export type ParsedCapture = Omit<CaptureRequest, 'notice' | 'onStatus'>;

/** libpcap takes the snap length and the buffer size as a C int. */
const INT_MAX = 2 ** 31 - 1;
const MIB = 1024 * 1024;
const MAX_BUFFER_MB = Math.floor(INT_MAX / MIB);

/** Every value checked first, then how they combine; nothing is run. */
export function parseCaptureOptions(filter: string[], o: CaptureCliOptions): ParsedCapture {
  const targets = parseCaptureTargets({ iface: o.interface, container: o.container, netns: o.netns, pid: o.pid, runtime: o.runtime });
  const ovsPorts = o.ovsPort.map((p) => label('--ovs-port', p));
  const db = o.ovsDb === undefined ? OVS_DEFAULT_DB : ovsDb('--ovs-db', o.ovsDb);
  const rotateMb = o.rotateSize === undefined ? undefined : megabytes('--rotate-size', o.rotateSize, 0.001, 1_000_000);
  const maxFiles = o.maxFiles === undefined ? undefined : count('--max-files', o.maxFiles);
  const snapLen = wholeNumber('--snaplen', o.snaplen, 262144, INT_MAX, `at least 262144 bytes (GRO and BIG TCP frames exceed 64 KB), at most ${INT_MAX}`);
  const bufferMb = megabytes('--buffer-size', o.bufferSize, 1, MAX_BUFFER_MB);
  const packets = o.count === undefined ? undefined : count('-c', o.count);
  const duration = o.duration === undefined ? undefined : seconds('--duration', o.duration);
  const engine = o.engine === undefined ? undefined : choice<Engine>('--engine', o.engine, ['pcap', 'tcpdump']);
  if (o.write === undefined) throw new UsageError('capture: -w FILE (or -w - for stdout) is required');
  if (targets.length === 0 && ovsPorts.length === 0) throw new UsageError('capture: name something to capture on (-i, --container, --netns, --pid or --ovs-port)');
  if (o.span && ovsPorts.length === 0) throw new UsageError('--span mirrors the bridge of an --ovs-port: name the port');
  if (maxFiles !== undefined && rotateMb === undefined) throw new UsageError('--max-files needs --rotate-size');
  if (rotateMb !== undefined && o.write === '-') throw new UsageError('--rotate-size needs a file, not -w -');
  const req: ParsedCapture = { targets, ovsPorts, ovsDb: db, span: Boolean(o.span), filter, output: { path: o.write }, snapLen, bufferBytes: Math.round(bufferMb * MIB) };
  if (rotateMb !== undefined) req.output.rotateBytes = Math.round(rotateMb * 1e6);
  if (maxFiles !== undefined) req.output.maxFiles = maxFiles;
  if (packets !== undefined) req.count = packets;
  if (duration !== undefined) req.durationMs = Math.round(duration * 1000);
  if (engine !== undefined) req.engine = engine;
  return req;
}

/** Hooks for what happens while the capture runs: one-off notices, and the live status when wanted. */
type CaptureHooks = Pick<CaptureRequest, 'notice' | 'onStatus'>;

/** Exit 1 when the capture shows a problem, else 0. */
export async function runCapture(filter: string[], o: CaptureCliOptions, hooks: CaptureHooks): Promise<CommandOutcome<CaptureResult>> {
  const parsed = parseCaptureOptions(filter, o);
  requireRoot('capture');
  const result = await capture({ ...parsed, ...hooks });
  return outcome(result, result.analysis.findings.some(isFault));
}
