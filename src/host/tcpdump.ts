// tcpdump writing a capture file in the background, stopped with SIGINT so it flushes the file and
// prints its statistics (packets captured and dropped by the kernel); or streaming nanosecond pcap
// to stdout for capture when the native engine cannot run.

import { inNetns, type NetnsTarget } from './netns.js';
import { startBackground } from './process.js';
import { commandLine } from './run.js';
import { startStreamingIn, type StreamingProgram } from './stream.js';

export interface TcpdumpStats {
  captured: number;
  /** Passed the filter; more than captured when tcpdump stopped before reading them. */
  received: number;
  /** Dropped by the kernel (buffer full): packets that crossed but are not in the file. */
  dropped: number;
}

export interface TcpdumpHandle {
  stop(): Promise<TcpdumpStats>;
}

export function parseTcpdumpStats(stderr: string): TcpdumpStats {
  const num = (re: RegExp): number => Number(re.exec(stderr)?.[1] ?? 0);
  return { captured: num(/(\d+) packets? captured/), received: num(/(\d+) packets? received by filter/), dropped: num(/(\d+) packets? dropped by kernel/) };
}

export interface TcpdumpStreamOptions {
  iface: string;
  snapLen: number;
  bufferBytes: number;
  filter: readonly string[];
}

/** `tcpdump -w -` in the namespace: packet-buffered nanosecond pcap on stdout, its messages line by line. */
export function tcpdumpStream(target: NetnsTarget, o: TcpdumpStreamOptions, onStderrLine: (line: string) => void): StreamingProgram {
  const args = ['-i', o.iface, '-w', '-', '-U', '-n', '-s', String(o.snapLen), '-B', String(Math.ceil(o.bufferBytes / 1024)), '--time-stamp-precision=nano', ...o.filter];
  return startStreamingIn(target, 'tcpdump', args, onStderrLine);
}

export interface TcpdumpStartOptions {
  timeoutMs?: number;
  /** Its kernel buffer (-B; default 8 MiB). */
  bufferKiB?: number;
  /** -U, each frame written as it comes (the default); false: written in stdio's buffers, as `tcpdump -w` runs by default. */
  packetBuffered?: boolean;
}

/** Starts capturing the whole frames on iface into file; resolves once tcpdump is listening. */
export async function tcpdumpStart(target: NetnsTarget, iface: string, file: string, filter: readonly string[] = [], o: TcpdumpStartOptions = {}): Promise<TcpdumpHandle> {
  const args = ['-i', iface, '-s', '0', '-B', String(o.bufferKiB ?? 8192), ...(o.packetBuffered === false ? [] : ['-U']), '-w', file, ...filter];
  const bg = startBackground(...inNetns(target, 'tcpdump', args), { timeoutMs: o.timeoutMs ?? 600_000 });
  await bg.waitForLine('stderr', /listening on/, 10_000);
  return {
    async stop() {
      // The kernel hands packets over in ring blocks retired after up to 1 s; SIGINT sooner loses the last one.
      await new Promise((r) => setTimeout(r, 1_500));
      const r = await bg.stop('SIGINT');
      return parseTcpdumpStats(r.stderr);
    },
  };
}

/**
 * The shell line that runs `tcpdump -U -w -` on a remote host without ovsforensics: tcpdump in the
 * background while the shell reads the session's stdin; stdin closing (the local side ending, or
 * the connection dropping) stops tcpdump with SIGINT, so it prints its statistics.
 */
export function tcpdumpRemoteLine(o: TcpdumpStreamOptions): string {
  const args = ['-i', o.iface, '-w', '-', '-U', '-n', '-s', String(o.snapLen), '-B', String(Math.ceil(o.bufferBytes / 1024)), ...o.filter];
  return `${commandLine('tcpdump', args)} </dev/null & p=$!; read _; kill -INT $p; wait $p`;
}
