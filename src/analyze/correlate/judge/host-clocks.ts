// Clock offsets per host, from the hops' two-way timings: each point's clock along the chain of
// hops, then per host the median over point pairs (reference host × that host). Points of one host
// share one clock, so their offsets must agree within the timings' uncertainty (docs/remote-capture.md).

import type { ClockDisagreement, HopClock, HostClock, HostClocks } from '../types.js';

/** A capture point as host clocks need it: its name and the host whose clock stamped it. */
export interface ClockedPoint {
  name: string;
  host: string;
}

/** Timestamp rounding a hop's median may carry (pcap's microseconds), added to each hop's bound. */
const RESOLUTION = 1e-6;

/**
 * The host a point was captured on: the first field of a capture's `HOST/NETNS/IFACE` interface
 * name; for a file that names no host, the file (its points share one clock, whoever wrote it).
 */
export function hostOf(interfaceName: string | undefined, path: string): string {
  const fields = interfaceName?.split('/');
  return fields !== undefined && fields.length >= 3 && fields[0] !== '' ? fields[0]! : path;
}

/** Point b's clock minus point a's along the hops between them, with its bound and the fewest segments timed on one of them; undefined where a hop was not timed. */
interface Span {
  offset: number;
  /** Sum of the hops' bounds; NaN when a one-way hop (transit unknown) is crossed. */
  bound: number;
  segments: number;
}

function span(hops: readonly (HopClock | undefined)[], a: number, b: number): Span | undefined {
  const s: Span = { offset: 0, bound: 0, segments: Infinity };
  for (let k = Math.min(a, b); k < Math.max(a, b); k++) {
    const h = hops[k];
    if (h === undefined) return undefined;
    s.offset += h.offset;
    // Two-way timing cannot tell a transit asymmetry from an offset: the error is at most the transit.
    s.bound += h.method === 'two-way' ? Math.abs(h.transit ?? 0) + RESOLUTION : NaN;
    s.segments = Math.min(s.segments, h.samples);
  }
  return b < a ? { ...s, offset: -s.offset } : s;
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Per host, its clock minus the reference host's (the first point's host). `hops[k]` is forward hop
 * k's timing (point k → k+1), undefined where no segment was timed there.
 */
export function hostClocks(points: readonly ClockedPoint[], hops: readonly (HopClock | undefined)[]): HostClocks {
  const hosts = [...new Set(points.map((p) => p.host))];
  const reference = hosts[0] ?? '';
  const members = (host: string): number[] => points.flatMap((p, i) => (p.host === host ? [i] : []));
  const refPoints = members(reference);
  const out: HostClock[] = hosts.map((host) => {
    const mine = members(host);
    const names = mine.map((i) => points[i]!.name);
    if (host === reference) return { host, points: names, offset: 0, pairs: 0, segments: 0 };
    const spans = refPoints.flatMap((a) => mine.flatMap((b) => span(hops, a, b) ?? []));
    if (spans.length === 0) return { host, points: names, pairs: 0, segments: 0 };
    const offsets = spans.map((s) => s.offset);
    const bounds = spans.map((s) => s.bound);
    const spread = Math.max(...offsets) - Math.min(...offsets);
    const c: HostClock = { host, points: names, offset: median(offsets), method: bounds.some(Number.isNaN) ? 'one-way' : 'two-way', pairs: spans.length, spread, segments: Math.max(...spans.map((s) => s.segments)) };
    if (c.method === 'two-way') c.uncertainty = Math.max(median(bounds), spread / 2);
    return c;
  });
  return { reference, hosts: out, disagreements: disagreements(points, hops) };
}

/** Pairs of points on one host whose clocks differ by more than their two-way timings can explain. */
function disagreements(points: readonly ClockedPoint[], hops: readonly (HopClock | undefined)[]): ClockDisagreement[] {
  const out: ClockDisagreement[] = [];
  for (let a = 0; a < points.length; a++) {
    for (let b = a + 1; b < points.length; b++) {
      const s = points[a]!.host === points[b]!.host ? span(hops, a, b) : undefined;
      if (s !== undefined && Math.abs(s.offset) > s.bound) out.push({ host: points[a]!.host, a: points[a]!.name, b: points[b]!.name, difference: s.offset, uncertainty: s.bound });
    }
  }
  return out;
}
