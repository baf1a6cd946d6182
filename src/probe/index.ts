// The probe between two containers, each on this host or on one reached over ssh (docs/investigate.md,
// "The probe"): does data cross intact, and where do sizes stop crossing?
//
//   runProbe({ from, to, bytes, timeoutMs, stallMs?, pings?, pattern?, ssh?, onPhase? }) → ProbeResult
//
// - from/to: a ProbeSide, a TargetSpec (src/target/types.ts: container, netns or pid, and an
//   interface) with the RemoteHost it is on (src/flags/remote.ts), none for this machine. A remote
//   side runs `ovsforensics probe-agent` there over ssh (o.ssh: the session of
//   src/host/ssh.ts withSshSession and how ovsforensics runs there, capture's --remote-command).
// - The transfer: the receiver listens in `to`'s namespace, the sender streams `bytes` to the
//   address of `to`'s interface; both hash what they saw (SHA-256). It ends at timeoutMs, or
//   early when nothing moves for stallMs (a connection not made within stallMs counts too).
// - The pings (unless pings: false): from `from`'s namespace to that address, payloads growing to
//   the from interface's MTU with DF set, one byte more, two fragmented sizes above it
//   (probe/pings.ts); sizeThreshold when a clean step between sizes that cross and sizes that do not
//   shows, narrowed down to one byte by halving.
// - Every process it starts (agents, pings, ssh sessions) ends on every exit path, SIGINT included.

import { hostname } from 'node:os';
import { EnvironmentError, UsageError } from '../errors.js';
import type { RemoteHost } from '../flags/remote.js';
import { withUndo } from '../host/undo.js';
import type { TargetSpec } from '../target/types.js';
import { sizeThreshold, type PingOutcome, type SizeThreshold } from './pings.js';
import { runRemoteStep, type ProbeSsh } from './remote.js';
import { runSideStep, type Emit, type SideEvent, type SideTarget } from './side.js';
import type { Pattern, SendReport, ServeReport, Step } from './steps.js';

export type { PingOutcome, SizeThreshold } from './pings.js';
export type { ProbeSsh } from './remote.js';
export type { Pattern } from './steps.js';

export interface ProbeSide {
  /** The host it is on; undefined: this machine. */
  host?: RemoteHost;
  target: TargetSpec;
}

export interface ProbeOptions {
  from: ProbeSide;
  to: ProbeSide;
  /** The TCP transfer's size. */
  bytes: number;
  /** Bound of the whole transfer. */
  timeoutMs: number;
  /** No progress for this long ends the transfer early, as not intact (default 5 s). */
  stallMs?: number;
  /** Pings of growing size (default true). */
  pings?: boolean;
  /** What the transfer repeats: random bytes (default) or one byte value. */
  pattern?: Pattern;
  /** Needed when a side has a host. */
  ssh?: ProbeSsh;
  /** Progress for stderr: "transfer", "pings". */
  onPhase?: (phase: string) => void;
}

export interface ProbeEnd {
  /** The host's name: the RemoteHost's, or this machine's. */
  host: string;
  name: string;
  ifname: string;
  address: string;
  mtu: number;
}

export interface ProbeTransfer {
  bytes: number;
  /** Received by the receiving application. */
  delivered: number;
  connected: boolean;
  /** Everything arrived and its SHA-256 matches what was sent. */
  intact: boolean;
  seconds: number;
  throughputMBps: number;
  sentSha256: string;
  receivedSha256: string;
  /** Ended early: connected, then no progress for stallMs, or no connection within it. */
  stalled: boolean;
  /** Why the sender stopped early. */
  error?: string;
}

export interface ProbeResult {
  from: ProbeEnd;
  to: ProbeEnd & { port: number };
  transfer: ProbeTransfer;
  /** In the order sent: the ladder, then the sizes that narrowed a threshold down. */
  pings: PingOutcome[];
  /** Largest payload that crossed and smallest that did not, when sizes make a difference. */
  sizeThreshold?: SizeThreshold;
}

export const DEFAULT_STALL_MS = 5_000;
/**
 * The receiver outlives the sender's deadline by this much: it starts first, while the sender's side
 * is still being found (a remote Node starting, runtimes asked in turn), and is stopped anyway once
 * the sender is done.
 */
const SERVE_SLACK_MS = 30_000;

type Runner = (s: Step, emit: Emit, stop: AbortSignal) => Promise<void>;

function runner(side: ProbeSide, ssh: ProbeSsh | undefined): Runner {
  const host = side.host;
  if (host === undefined) return (s, emit, stop) => runSideStep(side.target, s, emit, stop);
  if (ssh === undefined) throw new UsageError(`${host.name}: a side on another host needs an ssh session`);
  return (s, emit, stop) => runRemoteStep(ssh, host, side.target, s, emit, stop);
}

const end = (side: ProbeSide, t: SideTarget): ProbeEnd => ({ host: side.host?.name ?? hostname(), name: t.name, ifname: t.ifname, address: t.address, mtu: t.mtu });

/** A step whose failure is kept rather than thrown, so the other side is still stopped and awaited. */
const settle = (p: Promise<void>): Promise<Error | undefined> =>
  p.then(
    () => undefined,
    (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
  );

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new EnvironmentError(`probe: ${what}`);
  return value;
}

export async function runProbe(o: ProbeOptions): Promise<ProbeResult> {
  const stallMs = o.stallMs ?? DEFAULT_STALL_MS;
  const fromRun = runner(o.from, o.ssh);
  const toRun = runner(o.to, o.ssh);
  const stops = { serve: new AbortController(), from: new AbortController(), pings: new AbortController() };
  const running: Promise<unknown>[] = [];
  const stopAll = async (): Promise<void> => {
    for (const c of Object.values(stops)) c.abort();
    await Promise.all(running);
  };
  /** Starts a step; its failure is kept (not thrown) until the other side has been stopped and awaited. */
  const start = (run: Runner, s: Step, stop: AbortController, emit: Emit): Promise<Error | undefined> => {
    const p = settle(run(s, emit, stop.signal));
    running.push(p);
    return p;
  };
  return withUndo(async (signal) => {
    signal.addEventListener('abort', () => void stopAll());
    let toTarget: SideTarget | undefined;
    let fromTarget: SideTarget | undefined;
    let served: ServeReport | undefined;
    let sent: SendReport | undefined;
    const pings: PingOutcome[] = [];
    const fromEvent = (e: SideEvent): void => {
      // The first resolution names the side; later steps reach it by its pinned scope.
      if ('target' in e) fromTarget ??= e.target;
      else if ('send' in e) sent = e.send;
      else if ('ping' in e) pings.push(e.ping);
    };

    o.onPhase?.('transfer');
    let listening!: (port: number | undefined) => void;
    const portP = new Promise<number | undefined>((r) => (listening = r));
    const serving = start(toRun, { step: 'serve', deadlineMs: o.timeoutMs + SERVE_SLACK_MS, stallMs }, stops.serve, (e) => {
      if ('target' in e) toTarget = e.target;
      else if ('port' in e) listening(e.port);
      else if ('serve' in e) served = e.serve;
    });
    // Whatever ends the receiver (a stall, its deadline) ends the sender too.
    void serving.then(() => {
      listening(undefined);
      stops.from.abort();
    });
    // The sender's side is found while the receiver starts.
    const [resolveError, port] = await Promise.all([start(fromRun, { step: 'target' }, stops.from, fromEvent), portP]);
    if (resolveError !== undefined || port === undefined) {
      stops.serve.abort();
      const serveError = await serving;
      throw resolveError ?? serveError ?? new EnvironmentError(`probe: the receiver in ${toTarget?.name ?? 'the target'} ended before listening`);
    }
    const to = need(toTarget, 'the receiver never said where it is');
    const from = need(fromTarget, 'the sender never said where it is');
    const pinned = { ...o.from, target: { scope: from.scope, iface: from.ifname } };
    const fromPinned = runner(pinned, o.ssh);

    const sendError = await start(
      fromPinned,
      { step: 'send', address: to.address, port, bytes: o.bytes, pattern: o.pattern ?? 'random', connectMs: Math.min(stallMs, o.timeoutMs), deadlineMs: o.timeoutMs, stallMs },
      stops.from,
      fromEvent,
    );
    // The receiver reports what it has at once when the sender gave up; else it ends when the sender closes.
    if (sendError !== undefined || sent === undefined || !sent.connected || sent.error !== undefined) stops.serve.abort();
    const serveError = await serving;
    if (sendError ?? serveError) throw sendError ?? serveError;
    const s = need(sent, 'the sender gave no report');
    const r = need(served, 'the receiver gave no report');

    if (o.pings !== false && !signal.aborted) {
      o.onPhase?.('pings');
      const pingError = await start(fromPinned, { step: 'pings', address: to.address }, stops.pings, fromEvent);
      if (pingError !== undefined) throw pingError;
    }
    const seconds = Math.round(s.seconds * 1000) / 1000;
    const threshold = o.pings === false ? undefined : sizeThreshold(pings, from.mtu, to.family);
    return {
      from: end(o.from, from),
      to: { ...end(o.to, to), port },
      transfer: {
        bytes: o.bytes,
        delivered: r.received,
        connected: s.connected,
        intact: r.received === o.bytes && s.sent === o.bytes && r.sha256 === s.sha256,
        seconds,
        throughputMBps: seconds > 0 ? Math.round((r.received / 1e6 / seconds) * 100) / 100 : 0,
        sentSha256: s.sha256,
        receivedSha256: r.sha256,
        stalled: s.stalled || r.stalled,
        ...(s.error !== undefined ? { error: s.error } : {}),
      },
      pings,
      ...(threshold === undefined ? {} : { sizeThreshold: threshold }),
    };
  }, stopAll);
}
