// Assembles the Correlation from the ledger, the points and the flows: hops in both directions,
// clock estimates per hop and per host, the first bad hop and the findings.

import { attachCounterEvidence } from '../../counter-evidence.js';
import type { PointCounters } from '../../receiver-counters.js';
import type { Finding } from '../../types.js';
import type { Clocks } from '../match/clocks.js';
import type { FlowState } from '../match/flow.js';
import type { PointState } from '../match/points.js';
import { CORRELATION_SCHEMA, type Correlation, type CorrelationInput, type CorrelationPoint, type Hop, type HopClock } from '../types.js';
import { hostClocks, hostOf } from './host-clocks.js';
import { blackholeFindings, hopFindings, spanFindings } from './findings.js';
import type { HopTally, Ledger, Stuck } from './ledger.js';

export interface ResultParts {
  inputs: CorrelationInput[];
  points: PointState[];
  /** Drops the capture tool counted, per point, when the file had statistics. */
  reportedDrops: (number | undefined)[];
  /** The receivers' checksum counters the capture recorded, per point. */
  counters: (PointCounters | undefined)[];
  clocks: Clocks;
  ledger: Ledger;
  flows: Iterable<FlowState>;
  segments: number;
}

/** Forward hop k's clock from the flows' timings: two-way where a conversation crossed it both ways. */
function hopClock(flows: FlowState[], k: number): HopClock | undefined {
  let twoWay: HopClock | undefined;
  let oneWay: HopClock | undefined;
  for (const f of flows) {
    const fd = f.hopDeltas[k];
    if (f.direction !== 1 || fd === undefined || fd.count === 0) continue;
    const rd = f.reverse?.hopDeltas[k];
    const mf = fd.median()!;
    if (rd !== undefined && rd.count > 0) {
      const mr = rd.median()!;
      const samples = fd.count + rd.count;
      if (twoWay === undefined || samples > twoWay.samples) twoWay = { offset: (mf + mr) / 2, transit: (mf - mr) / 2, method: 'two-way', samples };
    } else if (oneWay === undefined || fd.count > oneWay.samples) {
      oneWay = { offset: mf, method: 'one-way', samples: fd.count };
    }
  }
  return twoWay ?? oneWay;
}

function hopOf(t: HopTally, ends: Pick<Hop, 'from' | 'to' | 'direction'>, clock: HopClock | undefined): Hop {
  const { from, to, direction } = ends;
  const { flows: _flows, examples: _examples, blindExamples: _blind, ...counts } = t;
  return clock ? { from, to, direction, ...counts, clock } : { from, to, direction, ...counts };
}

export function buildCorrelation(x: ResultParts): Correlation {
  const { ledger, points } = x;
  const flows = [...x.flows];
  const hops: Hop[] = [];
  const tallies: HopTally[] = [];
  const n = points.length;
  for (let k = 0; k + 1 < n; k++) {
    tallies.push(ledger.tally(true, k));
    hops.push(hopOf(ledger.tally(true, k), { from: points[k]!.name, to: points[k + 1]!.name, direction: 'forward' }, hopClock(flows, k)));
  }
  if (flows.some((f) => f.direction === -1)) {
    for (let i = 0; i + 1 < n; i++) {
      const k = n - 2 - i;
      const c = hopClock(flows, k);
      tallies.push(ledger.tally(false, i));
      hops.push(hopOf(ledger.tally(false, i), { from: points[k + 1]!.name, to: points[k]!.name, direction: 'reverse' }, c && { ...c, offset: -c.offset }));
    }
  }
  const patterns = ledger.patternGroups();
  const hopLevel: Finding[] = hops.flatMap((h, i) => hopFindings(h, tallies[i]!, patterns));
  const spans = spanFindings(hops, patterns, hopLevel);
  const findings = [...hopLevel, ...spans];
  const span = spans[0]?.evidence;
  const bad =
    hops.find((h) => h.altered > 0) ?? (span ? { from: String(span.from), to: String(span.to) } : undefined) ?? hops.find((h) => h.lost > 0);
  const hostNames = points.map((p) => hostOf(p.interfaceName, x.inputs[p.input]!.path));
  const outPoints: CorrelationPoint[] = points.map((p, i) => {
    const o: CorrelationPoint = {
      name: p.name,
      host: hostNames[i]!,
      input: p.input,
      packets: p.packets,
      segments: p.segments,
      captureDrops: ledger.drops[i] ?? 0,
      clockOffset: x.clocks.offset(p.reader),
      clockSamples: x.clocks.samples(p.reader),
    };
    if (p.interfaceId !== undefined) o.interfaceId = p.interfaceId;
    const reported = x.reportedDrops[i];
    if (reported !== undefined) o.reportedDrops = reported;
    const counted = x.counters[i];
    if (counted !== undefined) o.counters = counted;
    return o;
  });
  attachCounterEvidence(findings, [], x.counters.flatMap((c) => c ?? []));
  // Forward hop k is hops[k]; reverse hop i follows the n - 1 forward ones.
  const hopOfStuck = (s: Stuck): Hop => hops[s.forward ? s.hop : n - 1 + s.hop]!;
  findings.push(...blackholeFindings(ledger.blackholes(), hopOfStuck, points.map((p, i) => ({ name: p.name, counters: x.counters[i] }))));
  return {
    schema: CORRELATION_SCHEMA,
    generatedAt: new Date().toISOString(),
    inputs: x.inputs,
    points: outPoints,
    hops,
    firstBadHop: bad ? { from: bad.from, to: bad.to } : null,
    findings,
    segments: x.segments,
    altered: ledger.altered,
    alteredOmitted: ledger.alteredOmitted,
    patterns,
    hostClocks: hostClocks(
      outPoints,
      hops.filter((h) => h.direction === 'forward').map((h) => h.clock),
    ),
  };
}
