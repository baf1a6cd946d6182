// Capture points on other hosts (docs/remote-capture.md): one `ovsforensics capture … -w -` per
// host over ssh, its pcapng read back as it streams; where ovsforensics is missing, one
// `tcpdump -U -w -` per plain interface. Closing the ssh stdin is how the remote side is told to stop.

import { decodeCounters, encodeCounters } from '../analyze/receiver-counters.js';
import { EnvironmentError } from '../errors.js';
import type { RemoteHost } from '../flags/remote.js';
import { bulkCipher, remoteLine, sshBulkStream, type SshSession } from '../host/ssh.js';
import type { StreamingProgram } from '../host/stream.js';
import { parseTcpdumpStats, tcpdumpRemoteLine } from '../host/tcpdump.js';
import type { CaptureSummary, Direction, PacketRecord } from '../pcap/types.js';
import type { Batch } from './batch-framing.js';
import type { ChildStats } from './child-protocol.js';
import type { CaptureOutput, Written } from './output.js';
import type { BlockRun } from './remote-blocks.js';
import type { Engine } from './source.js';

/** The points named with one host's prefix, as flags for the remote `capture`. */
export interface RemotePoints {
  host: RemoteHost;
  /** Point flags and values (-i eth0, --container test_mac …), and --runtime/--ovs-db/--span where given. */
  args: string[];
  /** Set when every point is a plain -i: the interfaces tcpdump can capture without ovsforensics. */
  ifaces?: string[];
}

export interface RemoteCapture {
  ssh: SshSession;
  /** How ovsforensics runs there (--remote-command), a shell command line. */
  command: string;
  hosts: RemotePoints[];
  /** Each remote side's --spool-max: MB its spool may hold while ssh is behind (else the remote default). */
  spoolMb?: number;
}

export interface RemoteOptions {
  filter: readonly string[];
  snapLen: number;
  bufferBytes: number;
  engine?: Engine;
  notice: (m: string) => void;
}

/** One ssh session streaming a capture back: its points' labels once it is capturing. */
export interface RemoteStream {
  host: string;
  program: StreamingProgram;
  labels: string[];
  /** The tcpdump fallback's interface name (its pcap stream names none). */
  fallbackName?: string;
  /** The tcpdump fallback's statistics, read from its stderr at the end. */
  fallbackStats?: () => ChildStats;
}

const READY_TIMEOUT_MS = 60_000;
const MIB = 1024 * 1024;

/** A remote interface name (machine/netns/iface) with the machine part replaced by the declared host name. */
export function remoteLabel(host: string, name: string): string {
  const slash = name.indexOf('/');
  return `${host}/${slash < 0 ? name : name.slice(slash + 1)}`;
}

/** The remote capture's "capturing with … on N points: a, b (inbound)" line: its labels, or undefined for any other line. */
export function capturingLabels(line: string): string[] | undefined {
  const m = /^(?:ovsforensics: )?capturing with \S+ on \d+ points?: (.*)$/.exec(line);
  return m?.[1]!.split(', ').map((l) => l.replace(/ \((inbound|outbound|unknown)\)$/, ''));
}

/** The remote `capture` command line: its points, the local capture's settings, pcapng to stdout through a spool of spoolMb, stop when stdin closes. */
export function remoteCaptureArgs(points: RemotePoints, spoolMb: number | undefined, o: Omit<RemoteOptions, 'notice'>): string[] {
  const args = ['capture', ...points.args, '--snaplen', String(o.snapLen), '--buffer-size', String(o.bufferBytes / MIB), '-w', '-', '--spool', '--no-status', '--no-analysis', '--stop-on-stdin-eof'];
  if (spoolMb !== undefined) args.push('--spool-max', String(spoolMb));
  if (o.engine !== undefined) args.push('--engine', o.engine);
  return [...args, '--', ...o.filter];
}

export interface MergedPoint {
  label: string;
  description: string;
  packets: number;
  stats: ChildStats;
}

/**
 * One remote stream's interfaces in the local output: one interface block per remote interface,
 * named host/netns/iface, added when its first frame (or its statistics) arrives; timestamps and
 * directions as the remote host wrote them.
 */
export class RemoteMerge {
  private readonly ids = new Map<number, number>();
  private readonly points = new Map<number, MergedPoint>();

  /** fallbackName: the interface name for a pcap stream (tcpdump's), which names none. */
  constructor(
    private readonly host: string,
    private readonly output: Pick<CaptureOutput, 'addInterface' | 'write' | 'writeBlocks' | 'writeStats'>,
    private readonly snapLen: number,
    private readonly fallbackName?: string,
  ) {}

  private local(remoteId: number, summary: CaptureSummary): number {
    let id = this.ids.get(remoteId);
    if (id !== undefined) return id;
    const i = summary.interfaces[remoteId];
    const label = remoteLabel(this.host, i?.name ?? this.fallbackName ?? `default/if${remoteId}`);
    const description = i?.description ?? `${label} over ssh`;
    id = this.output.addInterface({ linkType: i?.linkType ?? 1, snapLen: this.snapLen, name: label, description, tsresol: 9 });
    this.ids.set(remoteId, id);
    this.points.set(remoteId, { label, description, packets: 0, stats: { recv: 0, drop: 0, ifdrop: 0, final: false } });
    return id;
  }

  /** Writes one remote frame; the local interface id, label and where it landed. */
  write(rec: PacketRecord, summary: CaptureSummary): { id: number; label: string; direction: Direction; written: ReturnType<CaptureOutput['write']> } {
    const id = this.local(rec.interfaceId, summary);
    const point = this.points.get(rec.interfaceId)!;
    point.packets++;
    const written = this.output.write(id, { tsSec: rec.tsSec, tsNsec: rec.tsNsec, data: rec.data, wireLen: rec.wireLen, direction: rec.direction });
    return { id, label: point.label, direction: rec.direction, written };
  }

  /**
   * Appends the first `keep` frames of a run of remote EPBs as they came, each one's interface id
   * rewritten in place to the local one (docs/remote-capture.md, "How frames travel"); the batch appended and where it landed.
   */
  writeRun(run: BlockRun, keep: number, summary: CaptureSummary): { batch: Batch; written: Written } {
    const batch: Batch = { parts: [], bytes: 0, packets: 0, captured: 0 };
    for (const part of run.parts) {
      let at = 0;
      for (; at < part.length && batch.packets < keep; at += part.readUInt32LE(at + 4)) {
        const remoteId = part.readUInt32LE(at + 8);
        part.writeUInt32LE(this.local(remoteId, summary), at + 8);
        this.points.get(remoteId)!.packets++;
        batch.captured += part.readUInt32LE(at + 20);
        batch.packets++;
      }
      if (at > 0) batch.parts.push(at === part.length ? part : part.subarray(0, at));
      batch.bytes += at;
      if (batch.packets === keep) break;
    }
    return { batch, written: this.output.writeBlocks(batch.parts, batch.packets, batch.captured) };
  }

  /** At the end: every remote interface's statistics (and receiver counters, relabelled) as local ISBs; the points. */
  finish(summary: CaptureSummary, now: number, fallbackStats?: ChildStats): MergedPoint[] {
    const ts = { tsSec: Math.floor(now / 1000), tsNsec: (now % 1000) * 1e6 };
    for (const i of summary.interfaces) {
      const id = this.local(i.id, summary);
      const point = this.points.get(i.id)!;
      const s = i.stats;
      point.stats = fallbackStats ?? { recv: s?.ifrecv ?? 0, drop: s?.osdrop ?? 0, ifdrop: s?.ifdrop ?? 0, final: s !== undefined };
      const counters = s?.comments?.map(decodeCounters).find((c) => c !== undefined);
      const comment = counters === undefined ? undefined : encodeCounters({ ...counters, point: point.label });
      this.output.writeStats(id, { ...ts, ifrecv: point.stats.recv, ifdrop: point.stats.ifdrop, osdrop: point.stats.drop, ...(comment === undefined ? {} : { comment }) });
    }
    return [...this.points.values()];
  }
}

type Start = (line: string, onLine: (l: string) => void) => StreamingProgram;

/** Starts one stream and waits until it is capturing: `readyLine` gives its labels; an early exit fails it (missing: exit 127, the shell's "not found"). */
async function startStream(host: string, what: string, start: Start, readyLine: (l: string) => string[] | undefined, line: string): Promise<{ program: StreamingProgram; labels: string[]; stderr: string[] }> {
  const stderr: string[] = [];
  let ready!: (labels: string[]) => void;
  const readyP = new Promise<string[]>((r) => (ready = r));
  const program = start(line, (l) => {
    if (stderr.length < 200) stderr.push(l);
    const labels = readyLine(l);
    if (labels !== undefined) ready(labels);
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), READY_TIMEOUT_MS)));
  const outcome = await Promise.race([readyP, program.done, timeout]);
  clearTimeout(timer);
  if (Array.isArray(outcome)) return { program, labels: outcome, stderr };
  program.endInput();
  program.signal('SIGTERM');
  const r = outcome === 'timeout' ? undefined : outcome;
  const err = new EnvironmentError(`${host}: ${what} ${r === undefined ? `not capturing after ${READY_TIMEOUT_MS / 1000} s` : `exited (${r.exitCode}) before capturing`}: ${lastWords(stderr)}`);
  throw Object.assign(err, { missing: r?.exitCode === 127 });
}

const lastWords = (stderr: readonly string[]): string => stderr.filter((l) => l.trim() !== '').slice(-2).join(' / ') || 'no message';

/**
 * Starts the capture on one host and resolves once all its points are capturing: ovsforensics
 * there, or, where it is missing, tcpdump per plain interface (told through `notice`).
 */
export async function startRemote(remote: RemoteCapture, points: RemotePoints, o: RemoteOptions): Promise<RemoteStream[]> {
  const host = points.host.name;
  const cipher = await bulkCipher(remote.ssh, points.host);
  const start: Start = (line, onLine) => sshBulkStream(remote.ssh, points.host, line, onLine, cipher);
  try {
    const s = await startStream(host, remote.command, start, capturingLabels, remoteLine(remote.command, remoteCaptureArgs(points, remote.spoolMb, o)));
    // Its notices before capturing (an engine fallback, counters it cannot read) are passed on; what follows is its own summary.
    for (const l of s.stderr) if (l.startsWith('ovsforensics: ') && capturingLabels(l) === undefined) o.notice(`${host}: ${l.slice('ovsforensics: '.length)}`);
    return [{ host, program: s.program, labels: s.labels.map((l) => remoteLabel(host, l)) }];
  } catch (e) {
    if (!(e as { missing?: boolean }).missing) throw e;
    if (points.ifaces === undefined) throw new EnvironmentError(`${host}: \`${remote.command}\` is not installed there (${(e as Error).message}); only -i points can fall back to tcpdump`);
    o.notice(`${host}: \`${remote.command}\` not found there; capturing its interfaces with tcpdump -U -w - instead (no mirrors, receiver counters or directions)`);
  }
  const streams: RemoteStream[] = [];
  try {
    for (const iface of points.ifaces) {
      const label = remoteLabel(host, `${host}/default/${iface}`);
      const line = tcpdumpRemoteLine({ iface, snapLen: o.snapLen, bufferBytes: o.bufferBytes, filter: o.filter });
      const tcpdumpReady = (l: string): string[] | undefined => (/listening on/.test(l) ? [label] : undefined);
      const s = await startStream(host, 'tcpdump', start, tcpdumpReady, line);
      streams.push({
        host,
        program: s.program,
        labels: [label],
        fallbackName: `${host}/default/${iface}`,
        fallbackStats: () => {
          const t = parseTcpdumpStats(s.stderr.join('\n'));
          return { recv: t.received, drop: t.dropped, ifdrop: 0, final: true };
        },
      });
    }
  } catch (e) {
    for (const s of streams) s.program.endInput();
    throw e;
  }
  return streams;
}
