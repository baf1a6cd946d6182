// From what the capture, correlate, the probe and doctor saw to the verdict: what happened at each
// place of the path, the place at fault, the findings and the change to make where. Pure.

import type { Correlation, Hop } from '../analyze/correlate/types.js';
import type { PointCounters } from '../analyze/receiver-counters.js';
import { SEVERITIES, type Analysis, type Finding } from '../analyze/types.js';
import { ADVICE } from '../remedy/advice/index.js';
import type { PathPoint } from './path.js';
import type { CapturedPoint, FixPlan, HopState, HostReport, Investigation, PathElement, ProbeSummary } from './types.js';

export interface JudgeInput {
  elements: PathElement[];
  points: PathPoint[];
  /** Each point's pcapng interface name, where it captured. */
  labels: ReadonlyMap<string, string>;
  /** Per pcapng interface name: packets and drops. */
  captured: ReadonlyMap<string, { packets: number; dropped: number }>;
  analysis?: Analysis;
  correlation?: Correlation;
  probe: ProbeSummary;
  hosts: HostReport[];
}

export type Judgement = Pick<Investigation, 'path' | 'points' | 'hops' | 'fault' | 'findings' | 'recommendations' | 'healthy' | 'headline'>;

/** Severities that make a problem: medium and up. */
const PROBLEM = new Set(['critical', 'high', 'medium']);
const rank = (f: Finding): number => SEVERITIES.indexOf(f.severity);

/** The counters of a point's namespace and driver that moved while it captured. */
function moved(c: PointCounters | undefined): Record<string, number> {
  if (c === undefined) return {};
  return Object.fromEntries([...Object.entries(c.kernel), ...Object.entries(c.nic)].filter(([, n]) => n > 0));
}

/** Findings of the capture's analysis, then those only correlation makes, most severe first. */
function mergeFindings(analysis: Analysis | undefined, correlation: Correlation | undefined): Finding[] {
  const own = analysis?.findings ?? [];
  const known = new Set(own.map((f) => f.kind));
  return [...own, ...(correlation?.findings ?? []).filter((f) => !known.has(f.kind))].sort((a, b) => rank(a) - rank(b));
}

/** The hops in path order, as the sender's data crossed them. */
const forwardHops = (c: Correlation | undefined): Hop[] => c?.hops.filter((h) => h.direction === 'forward') ?? [];

function fixPlans(hosts: HostReport[], primary: Finding | undefined, fault: Judgement['fault'], points: PathPoint[]): FixPlan[] {
  const plans: FixPlan[] = [];
  for (const h of hosts) {
    for (const r of h.doctor.recommendations) {
      if (plans.some((p) => p.side === h.side && p.advice === r.advice)) continue;
      plans.push({ side: h.side, host: h.host, container: h.container, advice: r.advice, adviceSide: r.side, summary: r.summary, commands: r.commands, ...(r.features ? { features: r.features } : {}) });
    }
  }
  const id = primary?.advice?.id as keyof typeof ADVICE | undefined;
  if (id !== undefined && ADVICE[id] !== undefined && !plans.some((p) => p.advice === id)) {
    // A cause no setting on a container answers (damage on the underlay…): advice where the fault is.
    const a = ADVICE[id];
    const sideOf = points.find((p) => p.name === fault?.to)?.side ?? (a.side === 'receiver' ? 'to' : 'from');
    const h = hosts.find((x) => x.side === sideOf)!;
    plans.push({ side: sideOf, host: h.host, container: h.container, advice: id, adviceSide: a.side, summary: a.summary, commands: a.change.map((s) => s.command).filter(Boolean) });
  }
  // The change that answers the main finding first.
  return plans.sort((x, y) => Number(y.advice === id) - Number(x.advice === id));
}

/** The hop a correlate black hole names (every transmission seen up to `from`, never at `to`). */
function blackholeHop(findings: Finding[]): { from: string; to: string; why: string } | undefined {
  const f = findings.find((x) => x.kind === 'blackhole' && typeof x.evidence.from === 'string' && typeof x.evidence.to === 'string');
  return f && { from: f.evidence.from as string, to: f.evidence.to as string, why: f.summary };
}

function locate(input: JudgeInput, hops: Hop[], findings: Finding[], states: Map<string, HopState>): Judgement['fault'] {
  const element = (point: string): string | undefined => input.points.find((p) => p.name === point)?.element;
  // correlate's firstBadHop counts losses too; TCP repairs a lost segment, so only damage is at fault here.
  const bad = hops.find((h) => h.altered > 0);
  if (bad) {
    const pattern = input.correlation!.patterns.find((p) => p.from === bad.from && p.to === bad.to);
    return { from: bad.from, to: bad.to, state: 'damaged', why: `${bad.altered} segments altered between ${bad.from} and ${bad.to}${pattern ? ` (${pattern.kind} at payload offset ${pattern.offset})` : ''}` };
  }
  const swallowed = blackholeHop(findings);
  if (swallowed) {
    const to = element(swallowed.to);
    if (to !== undefined) states.set(to, 'dropped');
    return { ...swallowed, state: 'dropped' };
  }
  const leak = findings.find((f) => (f.kind === 'blackhole' || f.kind === 'offload-leak' || f.kind === 'tunnel-checksum') && PROBLEM.has(f.severity));
  if (leak === undefined) return undefined;
  // Every point saw the frames: the receiving end threw them away.
  const receiver = leak.kind === 'tunnel-checksum' ? 'to/underlay' : 'to/container';
  if (input.elements.some((e) => e.id === receiver)) states.set(receiver, 'dropped');
  const first = input.points[0]?.name ?? 'sender';
  const next = input.points[1]?.name ?? 'receiver';
  const why =
    leak.kind === 'tunnel-checksum'
      ? 'the receiving host drops tunnel frames whose outer UDP checksum is wrong'
      : `frames left ${first} with checksums for offload to finish, ${input.points.length > 2 ? 'crossed' : 'reached'} ${next} unfinished, and the receiver drops them`;
  return { from: first, to: next, state: 'dropped', why };
}

function headlineOf(probe: ProbeSummary, healthy: boolean, primary: Finding | undefined, fault: Judgement['fault'], plan: FixPlan | undefined): string {
  const t = probe.transfer;
  const mb = (t.bytes / 1e6).toFixed(t.bytes < 1e6 ? 2 : 0);
  const transfer = t.intact ? `probe intact (${mb} MB, ${t.throughputMBps.toFixed(1)} MB/s)` : `probe NOT intact (${t.delivered} of ${t.bytes} bytes${t.stalled ? ', stalled' : ''})`;
  if (healthy) return `${transfer}: nothing wrong found`;
  const what = primary === undefined ? 'no finding explains it' : `${primary.kind} (${primary.severity})`;
  const where = fault === undefined ? '' : ` at ${fault.from} → ${fault.to}`;
  const settings = (f: Record<string, boolean>): string => Object.entries(f).map(([k, on]) => `${k} ${on ? 'on' : 'off'}`).join(' ');
  const fix = plan === undefined ? '' : `; fix: ${plan.advice} ${plan.features ? `on ${plan.container} (${plan.host}): ethtool -K ${settings(plan.features)}` : `(${plan.adviceSide}, ${plan.host})`}`;
  return `${transfer}: ${what}${where}${fix}`;
}

export function judge(input: JudgeInput): Judgement {
  const states = new Map<string, HopState>(input.elements.map((e) => [e.id, e.state]));
  const counters = new Map((input.analysis?.receiverCounters ?? []).map((c) => [c.point, c]));
  const points: CapturedPoint[] = input.points.map((p) => {
    const label = input.labels.get(p.name);
    const seen = label === undefined ? undefined : input.captured.get(label);
    if (seen === undefined || seen.packets === 0) states.set(p.element, 'not-captured');
    return { name: p.name, ...(label === undefined ? {} : { label }), element: p.element, packets: seen?.packets ?? 0, dropped: seen?.dropped ?? 0, countersMoved: moved(label === undefined ? undefined : counters.get(label)) };
  });
  const hops = forwardHops(input.correlation);
  const findings = mergeFindings(input.analysis, input.correlation);
  for (const h of hops) {
    const to = input.points.find((p) => p.name === h.to)?.element;
    if (to !== undefined && h.altered > 0) states.set(to, 'damaged');
  }
  const fault = locate(input, hops, findings, states);
  const problems = findings.filter((f) => PROBLEM.has(f.severity));
  const healthy = input.probe.transfer.intact && problems.length === 0;
  const primary = problems[0];
  const recommendations = healthy ? [] : fixPlans(input.hosts, primary, fault, input.points);
  return {
    path: input.elements.map((e) => ({ ...e, state: states.get(e.id)! })),
    points,
    hops,
    ...(fault ? { fault } : {}),
    findings,
    recommendations,
    healthy,
    headline: headlineOf(input.probe, healthy, primary, fault, recommendations[0]),
  };
}
