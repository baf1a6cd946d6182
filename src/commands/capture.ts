// `capture`: flags in, a CaptureRequest out (pure, tested), then the run, its notices and live
// status handed to the hooks; the CaptureResult (per-point counters, analysis) out.

import { isFault } from '../analyze/findings.js';
import { ENGINES, runCapture as capture, type CaptureRequest, type CaptureResult, type Engine } from '../capture/index.js';
import { UsageError } from '../errors.js';
import { outcome, type CommandOutcome } from '../exit-status.js';
import { parseCaptureTargets } from '../target/flags.js';
import { choice, label } from '../flags/names.js';
import { count, megabytes, seconds, wholeNumber } from '../flags/numbers.js';
import { ovsDb } from '../flags/ovsdb.js';
import { OVS_DEFAULT_DB } from '../host/ovs.js';
import { requireRoot } from '../host/programs.js';
import { DEFAULT_REMOTE_COMMAND, hostPrefix, needsHosts, remoteCommand, remoteHosts, type RemoteHost } from '../flags/remote.js';
import type { RemoteCapture, RemotePoints } from '../capture/remote.js';
import { withSshSession } from '../host/ssh.js';

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
  host?: string[];
  sshConfig?: string;
  remoteCommand?: string;
  stopOnStdinEof?: boolean;
  spool?: boolean;
  spoolMax: string;
  /** false with --no-analysis. */
  analysis?: boolean;
  report?: string;
}

export type ParsedCapture = Omit<CaptureRequest, 'notice' | 'onStatus' | 'remote'> & { remote?: Omit<RemoteCapture, 'ssh'> & { sshConfig?: string } };

const POINT_FLAGS = [
  ['-i', 'interface'],
  ['--container', 'container'],
  ['--netns', 'netns'],
  ['--pid', 'pid'],
  ['--ovs-port', 'ovsPort'],
] as const;

/**
 * The point flags split by host prefix: the local ones as given, and per declared host the flags
 * for its remote `capture` (checked here as the remote will check them, so a typo fails before ssh).
 */
function splitPoints(o: CaptureCliOptions, hosts: ReadonlyMap<string, RemoteHost>): { local: CaptureCliOptions; remote: RemotePoints[] } {
  const local: CaptureCliOptions = { ...o, interface: [], container: [], netns: [], pid: [], ovsPort: [] };
  const remote = new Map<string, RemotePoints>();
  const of = (h: RemoteHost): RemotePoints => remote.get(h.name) ?? remote.set(h.name, { host: h, args: [], ifaces: [] }).get(h.name)!;
  for (const [flag, key] of POINT_FLAGS) {
    for (const v of o[key]) {
      const { host, rest } = hostPrefix(v, hosts);
      if (host === undefined) {
        local[key].push(v);
        continue;
      }
      const r = of(host);
      r.args.push(flag, rest);
      if (flag === '-i') r.ifaces?.push(rest);
      else delete r.ifaces;
    }
  }
  for (const r of remote.values()) {
    const values = (flag: string): string[] => r.args.flatMap((a, i) => (i % 2 === 0 && a === flag ? [r.args[i + 1]!] : []));
    parseCaptureTargets({ iface: values('-i'), container: values('--container'), netns: values('--netns'), pid: values('--pid'), runtime: o.runtime });
    values('--ovs-port').forEach((p) => label('--ovs-port', `${r.host.name}:${p}`));
    if (o.runtime !== undefined && values('--container').length > 0) r.args.push('--runtime', o.runtime);
    if (values('--ovs-port').length > 0 && o.span) r.args.push('--span');
  }
  if (o.ovsDb !== undefined) {
    const { host, rest } = hostPrefix(o.ovsDb, hosts);
    if (host !== undefined) {
      // Checked there: a unix: socket exists on that host, not here.
      const r = remote.get(host.name);
      if (r === undefined || !r.args.includes('--ovs-port')) throw new UsageError(`--ovs-db ${o.ovsDb}: name an --ovs-port ${host.name}:PORT for it`);
      r.args.push('--ovs-db', rest);
      delete local.ovsDb;
    }
  }
  const hasLocal = POINT_FLAGS.some(([, key]) => local[key].length > 0);
  // --runtime/--span mean nothing locally when all their points are remote.
  if (!hasLocal && remote.size > 0) {
    delete local.runtime;
    delete local.span;
  }
  return { local, remote: [...remote.values()] };
}

/** libpcap takes the snap length and the buffer size as a C int. */
const INT_MAX = 2 ** 31 - 1;
const MIB = 1024 * 1024;
const MAX_BUFFER_MB = Math.floor(INT_MAX / MIB);

/** Every value checked first, then how they combine; nothing is run. */
export function parseCaptureOptions(filter: string[], cli: CaptureCliOptions): ParsedCapture {
  const hosts = remoteHosts('--host', cli.host ?? []);
  if (cli.sshConfig !== undefined) needsHosts('--ssh-config', hosts);
  if (cli.remoteCommand !== undefined) needsHosts('--remote-command', hosts);
  const { local: o, remote } = splitPoints(cli, hosts);
  const targets = parseCaptureTargets({ iface: o.interface, container: o.container, netns: o.netns, pid: o.pid, runtime: o.runtime });
  const ovsPorts = o.ovsPort.map((p) => label('--ovs-port', p));
  const db = o.ovsDb === undefined ? OVS_DEFAULT_DB : ovsDb('--ovs-db', o.ovsDb);
  const rotateMb = o.rotateSize === undefined ? undefined : megabytes('--rotate-size', o.rotateSize, 0.001, 1_000_000);
  const maxFiles = o.maxFiles === undefined ? undefined : count('--max-files', o.maxFiles);
  const snapLen = wholeNumber('--snaplen', o.snaplen, 262144, INT_MAX, `at least 262144 bytes (GRO and BIG TCP frames exceed 64 KB), at most ${INT_MAX}`);
  const bufferMb = megabytes('--buffer-size', o.bufferSize, 1, MAX_BUFFER_MB);
  const packets = o.count === undefined ? undefined : count('-c', o.count);
  const duration = o.duration === undefined ? undefined : seconds('--duration', o.duration);
  const engine = o.engine === undefined ? undefined : choice<Engine>('--engine', o.engine, ENGINES);
  if (o.write === undefined) throw new UsageError('capture: -w FILE (or -w - for stdout) is required');
  if (targets.length === 0 && ovsPorts.length === 0 && remote.length === 0) throw new UsageError('capture: name something to capture on (-i, --container, --netns, --pid or --ovs-port)');
  if (o.span && ovsPorts.length === 0) throw new UsageError('--span mirrors the bridge of an --ovs-port: name the port');
  if (maxFiles !== undefined && rotateMb === undefined) throw new UsageError('--max-files needs --rotate-size');
  if (rotateMb !== undefined && o.write === '-') throw new UsageError('--rotate-size needs a file, not -w -');
  if (o.spool && o.write !== '-') throw new UsageError('--spool is for -w - (a file is written as fast as the capture already)');
  const spoolMb = megabytes('--spool-max', o.spoolMax, 1, 1_000_000);
  const req: ParsedCapture = { targets, ovsPorts, ovsDb: db, span: Boolean(o.span), filter, output: { path: o.write }, snapLen, bufferBytes: Math.round(bufferMb * MIB) };
  if (rotateMb !== undefined) req.output.rotateBytes = Math.round(rotateMb * 1e6);
  if (maxFiles !== undefined) req.output.maxFiles = maxFiles;
  if (packets !== undefined) req.count = packets;
  if (duration !== undefined) req.durationMs = Math.round(duration * 1000);
  if (engine !== undefined) req.engine = engine;
  if (remote.length > 0) {
    req.remote = { command: cli.remoteCommand === undefined ? DEFAULT_REMOTE_COMMAND : remoteCommand('--remote-command', cli.remoteCommand), hosts: remote, spoolMb };
    if (cli.sshConfig !== undefined) req.remote.sshConfig = cli.sshConfig;
  }
  if (cli.stopOnStdinEof) req.stopOnInputEnd = true;
  if (o.spool) req.spoolBytes = Math.round(spoolMb * 1e6);
  if (cli.analysis === false) {
    if (cli.report !== undefined) throw new UsageError('--report needs the analysis: drop --no-analysis, or analyze the file afterwards');
    req.analyze = false;
  }
  return req;
}

/** Hooks for what happens while the capture runs: one-off notices, and the live status when wanted. */
type CaptureHooks = Pick<CaptureRequest, 'notice' | 'onStatus'>;

/** Exit 1 when the capture shows a problem, else 0. */
export async function runCapture(filter: string[], o: CaptureCliOptions, hooks: CaptureHooks): Promise<CommandOutcome<CaptureResult>> {
  const { remote, ...parsed } = parseCaptureOptions(filter, o);
  if (remote === undefined || parsed.targets.length > 0 || parsed.ovsPorts.length > 0) requireRoot('capture');
  const result = remote === undefined ? await capture({ ...parsed, ...hooks }) : await withSshSession(remote.sshConfig, remote.hosts.map((h) => h.host), (ssh) => capture({ ...parsed, ...hooks, remote: { ...remote, ssh } }));
  return outcome(result, result.analysis?.findings.some(isFault) ?? false);
}
