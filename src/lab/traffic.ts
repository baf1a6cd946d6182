// A TCP transfer between two lab containers with an end-to-end SHA-256 check: the receiver's hash
// against the sender's. Bounded by a deadline, so a connection that never completes is reported.

import { fileURLToPath } from 'node:url';
import { EnvironmentError, UsageError } from '../errors.js';
import { inNetns } from '../host/netns.js';
import { startBackground, type Background } from '../host/process.js';
import type { RunResult } from '../host/run.js';
import { withUndo } from '../host/undo.js';
import { readState, type ContainerState } from './state.js';
import type { SendReport, ServeReport } from './traffic-agent.js';

export interface TrafficOptions {
  from: string;
  to: string;
  bytes: number;
  /** "random" or a byte value; default random, or 0x07 while a blind injector is on. */
  pattern?: 'random' | number;
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
  pattern: 'random' | number;
  sentSha256: string;
  receivedSha256: string;
  /** Why the sender stopped early. */
  error?: string;
}

const AGENT = fileURLToPath(new URL('./traffic-agent.js', import.meta.url));
const CONNECT_MS = 10_000;

function lastJson<T>(r: RunResult): T {
  const line = r.stdout.split('\n').filter(Boolean).pop();
  if (!line) throw new EnvironmentError(`${r.command}: no report (exit ${r.exitCode}): ${r.stderr.split('\n')[0] ?? ''}`, r.command);
  return JSON.parse(line) as T;
}

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
  const deadlineMs = options.timeoutSeconds * 1000;
  // Both agents get their own deadline; this is the backstop should one of them wedge.
  const hardMs = deadlineMs + 15_000;
  const running: Background[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.all(running.map((b) => b.stop()));
  };
  return withUndo(async (signal) => {
    signal.addEventListener('abort', () => void stopAll());
    try {
      const server = startBackground(...inNetns({ netns: dst.netns }, process.execPath, [AGENT, 'serve', String(deadlineMs + 2_000)]), { timeoutMs: hardMs });
      running.push(server);
      const { port } = JSON.parse(await server.waitForLine('stdout', /"port"/, 10_000)) as { port: number };
      const client = startBackground(
        ...inNetns({ netns: src.netns }, process.execPath, [AGENT, 'send', dst.ip, String(port), String(options.bytes), String(pattern), String(Math.min(CONNECT_MS, deadlineMs)), String(deadlineMs)]),
        { timeoutMs: hardMs },
      );
      running.push(client);
      const sent = lastJson<SendReport>(await client.done);
      // SIGTERM makes the receiver report what it has now instead of waiting for its deadline.
      if (!sent.connected || sent.error) await server.stop();
      const got = lastJson<ServeReport>(await server.done);
      const seconds = Math.round(sent.seconds * 1000) / 1000;
      return {
        from: src.name,
        to: dst.name,
        bytes: options.bytes,
        delivered: got.received,
        intact: got.received === options.bytes && sent.sent === options.bytes && got.sha256 === sent.sha256,
        seconds,
        throughputMBps: seconds > 0 ? Math.round((got.received / 1e6 / seconds) * 100) / 100 : 0,
        connected: sent.connected,
        pattern,
        sentSha256: sent.sha256,
        receivedSha256: got.sha256,
        ...(sent.error ? { error: sent.error } : {}),
      };
    } finally {
      await stopAll();
    }
  }, stopAll);
}
