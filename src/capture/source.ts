// One running capture program per target, entered into the target's namespace: the libpcap child
// (pcap-child.ts) or, without the binding, tcpdump. Both write nanosecond pcap to stdout.

import { fileURLToPath } from 'node:url';
import { EnvironmentError } from '../errors.js';
import { startStreamingIn, type StreamingProgram } from '../host/stream.js';
import { parseTcpdumpStats, tcpdumpStream } from '../host/tcpdump.js';
import type { ChildConfig, ChildStats } from './child-protocol.js';
import type { CapturePoint } from './point.js';

export type Engine = 'pcap' | 'tcpdump';

export interface SourceOptions {
  engine: Engine;
  filter: readonly string[];
  snapLen: number;
  bufferBytes: number;
}

export interface CaptureSource {
  program: StreamingProgram;
  /** The latest counters (updated once a second with the binding; at the end with tcpdump). */
  stats: ChildStats;
  /** Resolves once capturing has begun; rejects with the program's own error line. */
  ready: Promise<void>;
}

const CHILD = fileURLToPath(new URL('./pcap-child.js', import.meta.url));
const READY_TIMEOUT_MS = 15_000;

export function startSource(t: CapturePoint, o: SourceOptions): CaptureSource {
  const stats: ChildStats = { recv: 0, drop: 0, ifdrop: 0, final: false };
  let ready!: () => void;
  let failed!: (e: Error) => void;
  const readyP = new Promise<void>((res, rej) => {
    ready = res;
    failed = rej;
  });
  let lastError: string | undefined;
  let program: StreamingProgram;
  if (o.engine === 'pcap') {
    const config: ChildConfig = { iface: t.iface, filter: o.filter.join(' '), snapLen: o.snapLen, bufferBytes: o.bufferBytes, parentPid: process.pid };
    program = startStreamingIn(t.netns, process.execPath, [CHILD, JSON.stringify(config)], (line) => {
      const msg = parseJsonLine(line);
      if (msg === undefined) {
        // Not the protocol: Node's own complaint (a crash), kept for the error message.
        if (line.trim() !== '') lastError = line;
        return;
      }
      if (typeof msg.error === 'string') lastError = msg.error;
      else if (msg.ready === true) ready();
      else Object.assign(stats, msg);
    });
  } else {
    let stderr = '';
    program = tcpdumpStream(t.netns, { iface: t.iface, snapLen: o.snapLen, bufferBytes: o.bufferBytes, filter: o.filter }, (line) => {
      stderr += `${line}\n`;
      if (/listening on/.test(line)) ready();
      else if (line.startsWith('tcpdump:')) lastError = line;
    });
    void program.done.then(() => {
      const s = parseTcpdumpStats(stderr);
      Object.assign(stats, { recv: s.received, drop: s.dropped, final: true });
    });
  }
  // After ready this settles nothing: a promise keeps its first outcome.
  void program.done.then((r) => failed(new EnvironmentError(`capture on ${t.label}: ${lastError ?? `${r.command} exited (${r.exitCode}) before capturing`}`)));
  const timer = setTimeout(() => failed(new EnvironmentError(`capture on ${t.label}: not capturing after ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
  readyP.then(
    () => clearTimeout(timer),
    () => clearTimeout(timer),
  );
  return { program, stats, ready: readyP };
}

function parseJsonLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
