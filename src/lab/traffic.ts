// `lab traffic`: the probe's TCP transfer (src/probe/) between two lab containers, without pings:
// the receiver's hash against the sender's, bounded by a deadline.

import { EnvironmentError, UsageError } from '../errors.js';
import { runProbe, type Pattern } from '../probe/index.js';
import { readState, type ContainerState } from './state.js';

export interface TrafficOptions {
  from: string;
  to: string;
  bytes: number;
  /** "random" or a byte value; default random, or 0x07 while a blind injector is on. */
  pattern?: Pattern;
  timeoutSeconds: number;
}

export interface TrafficResult {
  from: string;
  to: string;
  /** Requested. */
  bytes: number;
  /** Received by the receiving application. */
  delivered: number;
  /** Everything arrived and its SHA-256 matches what was sent. */
  intact: boolean;
  seconds: number;
  throughputMBps: number;
  connected: boolean;
  pattern: Pattern;
  sentSha256: string;
  receivedSha256: string;
  /** Why the sender stopped early. */
  error?: string;
}

/** As long as a connection may take, and a transfer may sit without progress, before it is given up. */
const STALL_MS = 10_000;

function container(containers: readonly ContainerState[], name: string): ContainerState {
  const c = containers.find((x) => x.name === name);
  if (!c) throw new UsageError(`no lab container ${name} (there are ${containers.map((x) => x.name).join(', ')})`);
  return c;
}

export async function runTraffic(options: TrafficOptions): Promise<TrafficResult> {
  const state = readState();
  if (!state?.complete) throw new EnvironmentError('the lab is not up: run `ovsforensics lab up` first');
  const src = container(state.containers, options.from);
  const dst = container(state.containers, options.to);
  const pattern = options.pattern ?? (state.injectors.blind !== undefined ? 0x07 : 'random');
  // By the namespace the lab named, so a container of the same name elsewhere is never the one probed.
  const side = (c: ContainerState) => ({ target: { scope: { kind: 'netns' as const, name: c.netns }, iface: c.iface } });
  const timeoutMs = options.timeoutSeconds * 1000;
  const { transfer: t } = await runProbe({ from: side(src), to: side(dst), bytes: options.bytes, timeoutMs, stallMs: Math.min(STALL_MS, timeoutMs), pings: false, pattern });
  return {
    from: src.name,
    to: dst.name,
    bytes: t.bytes,
    delivered: t.delivered,
    intact: t.intact,
    seconds: t.seconds,
    throughputMBps: t.throughputMBps,
    connected: t.connected,
    pattern,
    sentSha256: t.sentSha256,
    receivedSha256: t.receivedSha256,
    ...(t.error !== undefined ? { error: t.error } : {}),
  };
}
