// One running capture program per target, entered into the target's namespace: the native engine
// (native/ovsf-capture.c: batches of pcapng blocks, batch-framing.ts) or, where it cannot run,
// tcpdump (nanosecond pcap, read record by record).

import { EnvironmentError } from '../errors.js';
import { nativeCaptureStream } from '../host/native-capture.js';
import type { StreamingProgram } from '../host/stream.js';
import { parseTcpdumpStats, tcpdumpStream } from '../host/tcpdump.js';
import type { Appended } from './append-order.js';
import type { ChildStats } from './child-protocol.js';
import type { Direction } from '../pcap/types.js';
import type { CapturePoint } from './point.js';

export const ENGINES = ['native', 'tcpdump'] as const;
export type Engine = (typeof ENGINES)[number];

export interface SourceOptions {
  engine: Engine;
  filter: readonly string[];
  snapLen: number;
  bufferBytes: number;
  /** Native engine: the pcapng interface id its blocks carry. */
  interfaceId: number;
  /** Native engine: the namespace's own Ethernet addresses (direction by address), or the one direction of every frame. */
  direction: readonly string[] | Direction;
  /** Native engine: the file it appends its batches to itself, once told to (startWriting), and what it says of each. */
  appendTo?: { path: string; onAppended: (a: Appended) => void };
}

export interface CaptureSource {
  program: StreamingProgram;
  /** The latest counters (once a second from the native engine; at the end with tcpdump). */
  stats: ChildStats;
  /** Resolves once capturing has begun; rejects with the program's own error line. */
  ready: Promise<void>;
  /** Native engine: the LINKTYPE it said when ready. */
  linkType?: number;
  /** Native engine with appendTo: the parent's own blocks are in the file, it may append. */
  startWriting(): void;
  /** Native engine with appendTo: stop reading the ring (the kernel counts what it drops) until startWriting. */
  pauseWriting(): void;
}

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
  // One object: linkType arrives with the ready line, after this returns.
  const source = { stats, ready: readyP } as CaptureSource;
  if (o.engine === 'native') {
    const direction = typeof o.direction !== 'string' ? o.direction.map((m) => m.replace(/:/g, '')).join(',') || '-' : o.direction === 'unknown' ? '-' : o.direction;
    const engine = { iface: t.iface, snapLen: o.snapLen, bufferBytes: o.bufferBytes, interfaceId: o.interfaceId, parentPid: process.pid, direction, filter: o.filter, output: o.appendTo?.path ?? '-' };
    program = nativeCaptureStream(t.netns, engine, (line) => {
      const msg = parseJsonLine(line);
      if (msg === undefined) {
        // Not the protocol: the loader's or the kernel's complaint, kept for the error message.
        if (line.trim() !== '') lastError = line;
        return;
      }
      if (typeof msg.at === 'number') o.appendTo?.onAppended(msg as unknown as Appended);
      else if (typeof msg.error === 'string') lastError = msg.error;
      else if (msg.ready === true) {
        source.linkType = Number(msg.linkType);
        ready();
      } else Object.assign(stats, msg);
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
  source.program = program;
  source.startWriting = () => {
    if (o.appendTo !== undefined) program.signal('SIGUSR1');
  };
  source.pauseWriting = () => {
    if (o.appendTo !== undefined) program.signal('SIGUSR2');
  };
  return source;
}

function parseJsonLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
