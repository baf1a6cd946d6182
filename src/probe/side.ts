// One side of a probe on this host: the target resolved (its namespace, interface, address, MTU),
// then one step run there: the transfer agent (agent.ts) inside its namespace, or the pings. Each
// thing learnt is an event, which `probe-agent` prints as a JSON line for a probe on another host.

import { fileURLToPath } from 'node:url';
import { EnvironmentError, UsageError } from '../errors.js';
import { ipAddresses } from '../host/ip.js';
import { inNetns, type NetnsTarget } from '../host/netns.js';
import { pingIn, pingSeconds } from '../host/ping.js';
import { startBackground, type Background } from '../host/process.js';
import type { RunResult } from '../host/run.js';
import { resolveTargetLink } from '../target/resolve.js';
import type { Scope, TargetSpec } from '../target/types.js';
import { addressFamily, probeSizes, type PingOutcome } from './pings.js';
import { stepArgs, type AgentStep, type PingsStep, type SendReport, type ServeReport, type Step } from './steps.js';

export interface SideTarget {
  /** The container name, namespace or pid as resolved. */
  name: string;
  /** What reaches the same namespace again without asking a runtime (a container's pid). */
  scope: Scope;
  ifname: string;
  /** The interface's first IPv4 address, else its first global IPv6 one. */
  address: string;
  family: 'inet' | 'inet6';
  mtu: number;
}

export type SideEvent = { target: SideTarget } | { port: number } | { serve: ServeReport } | { send: SendReport } | { ping: PingOutcome };

/** What one side's step heard, in order; the probe waits on these. */
export type Emit = (e: SideEvent) => void;

const AGENT = fileURLToPath(new URL('./agent.js', import.meta.url));
/** Finding a container asks every runtime in turn (src/target/container.ts). */
const RESOLVE_MS = 30_000;
/** How long a listening agent may take to say so. */
const LISTEN_MS = 10_000;
/** Beyond an agent's own deadline: the backstop should it wedge. */
const BACKSTOP_MS = 15_000;
/** Replies to each ping size; each waits this long for its last reply. */
const PING_COUNT = 2;
const PING_WAIT_S = 1;
/** Extra DF pings that narrow a threshold down, at most: enough for the ladder's widest gap (456 bytes) to one byte. */
const BISECT_STEPS = 9;

/** How long a step can last on its own bounds (agents' deadlines, every ping's), before any backstop. */
export function stepBoundMs(s: Step): number {
  if (s.step === 'target') return RESOLVE_MS;
  if (s.step !== 'pings') return RESOLVE_MS + s.deadlineMs + BACKSTOP_MS;
  return RESOLVE_MS + (1 + BISECT_STEPS) * (pingSeconds({ count: PING_COUNT, waitS: PING_WAIT_S }) + 5) * 1000;
}

async function resolveSide(spec: TargetSpec): Promise<{ target: SideTarget; netns: NetnsTarget }> {
  const { target, link } = await resolveTargetLink(spec);
  const addrs = (await ipAddresses(target.netns)).filter((a) => a.ifname === target.iface);
  const a = addrs.find((x) => x.family === 'inet') ?? addrs.find((x) => x.family === 'inet6' && !x.local.startsWith('fe80:'));
  if (a === undefined) throw new UsageError(`${target.name}: ${target.iface} has no IP address to probe`);
  const scope: Scope = target.kind === 'container' && target.pid !== undefined ? { kind: 'pid', pid: target.pid } : spec.scope;
  return { target: { name: target.name, scope, ifname: target.iface, address: a.local, family: a.family, mtu: link.mtu }, netns: target.netns };
}

function lastJson<T>(r: RunResult): T {
  const line = r.stdout.split('\n').filter(Boolean).pop();
  if (line === undefined || !line.startsWith('{')) throw new EnvironmentError(`${r.command}: no report (exit ${r.exitCode}): ${r.stderr.split('\n')[0] ?? ''}`, r.command);
  return JSON.parse(line) as T;
}

/** The agent inside the namespace: serve emits its port once listening; both emit their report. SIGTERM on stop makes it report what it has. */
async function agent(netns: NetnsTarget, s: AgentStep, emit: Emit, stop: AbortSignal): Promise<void> {
  const bg: Background = startBackground(...inNetns(netns, process.execPath, [AGENT, ...stepArgs(s)]), { timeoutMs: s.deadlineMs + BACKSTOP_MS });
  const halt = (): void => void bg.stop();
  stop.addEventListener('abort', halt);
  try {
    if (stop.aborted) halt();
    if (s.step === 'serve') emit({ port: (JSON.parse(await bg.waitForLine('stdout', /"port"/, LISTEN_MS)) as { port: number }).port });
    const r = await bg.done;
    if (s.step === 'serve') emit({ serve: lastJson<ServeReport>(r) });
    else emit({ send: lastJson<SendReport>(r) });
  } finally {
    stop.removeEventListener('abort', halt);
    await bg.stop();
  }
}

/** The sizes of probeSizes, each a few echo requests from inside the namespace. */
async function pings(netns: NetnsTarget, t: SideTarget, s: PingsStep, emit: Emit, stop: AbortSignal): Promise<void> {
  const one = async (payload: number, dontFragment: boolean): Promise<PingOutcome> => {
    const c = await pingIn(netns, { address: s.address, payload, dontFragment, count: PING_COUNT, waitS: PING_WAIT_S });
    return { payload, dontFragment: c.dontFragment, sent: c.sent, received: c.received };
  };
  // Sized for the sender's MTU in the IP version of the address pinged.
  await probeSizes(t.mtu, addressFamily(s.address), one, (ping) => emit({ ping }), BISECT_STEPS, () => stop.aborted);
}

/** Resolves the side's target, emits it, and runs the step there. */
export async function runSideStep(spec: TargetSpec, s: Step, emit: Emit, stop: AbortSignal): Promise<void> {
  const { target, netns } = await resolveSide(spec);
  emit({ target });
  if (s.step === 'pings') await pings(netns, target, s, emit, stop);
  else if (s.step !== 'target') await agent(netns, s, emit, stop);
}
