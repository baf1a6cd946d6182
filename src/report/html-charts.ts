// Chart data for the page, decided here so the in-page script only hands it to Chart.js:
// verdicts over time, per capture point, top flows and, with two analyses, before vs after.

import { VERDICTS } from '../checksum/types.js';
import type { Verdict } from '../checksum/types.js';
import type { Analysis, FlowSummary, TimelineBucket, VerdictCounts } from '../analyze/types.js';
import { emptyCounts } from '../analyze/types.js';
import { clip, fmtClock, fmtUtc } from './format.js';
import { totalOf } from './headline.js';
import { LIMITS } from './limits.js';
import { VERDICT_COLORS } from './palette.js';
import type { ChartDataset, ChartSpec } from './report-types.js';

/** A chart with its heading and a sentence saying what was aggregated or left out. */
export interface ChartSection {
  spec: ChartSpec;
  title: string;
  note: string;
}

function addCounts(into: VerdictCounts, from: VerdictCounts): void {
  for (const v of VERDICTS) into[v] += from[v] ?? 0;
}

function verdictDatasets(rows: VerdictCounts[]): ChartDataset[] {
  // Verdicts that never occur would only clutter the legend.
  const present = VERDICTS.filter((v) => rows.some((r) => (r[v] ?? 0) > 0));
  return present.map((v: Verdict) => ({ label: v, data: rows.map((r) => r[v] ?? 0), color: VERDICT_COLORS[v] }));
}

/** Merges adjacent buckets so a long capture still draws at most LIMITS.timelineBuckets bars. */
export function mergeBuckets(buckets: readonly TimelineBucket[], max: number): TimelineBucket[] {
  if (buckets.length <= max) return [...buckets];
  const per = Math.ceil(buckets.length / max);
  const out: TimelineBucket[] = [];
  for (let i = 0; i < buckets.length; i += per) {
    const group = buckets.slice(i, i + per);
    const segments = emptyCounts();
    for (const b of group) addCounts(segments, b.segments);
    out.push({ start: group[0]!.start, seconds: group.reduce((s, b) => s + b.seconds, 0), segments });
  }
  return out;
}

function timelineChart(a: Analysis): ChartSection | undefined {
  const sorted = [...a.timeline].sort((x, y) => x.start - y.start);
  const buckets = mergeBuckets(sorted, LIMITS.timelineBuckets);
  if (buckets.length === 0 || buckets.every((b) => totalOf(b.segments) === 0)) return undefined;
  const first = buckets[0]!;
  const merged = buckets.length < sorted.length ? ` (${sorted.length} buckets merged into ${buckets.length})` : '';
  return {
    title: 'Verdicts over time',
    note: `Innermost TCP/UDP segments per ${first.seconds} s bucket from ${fmtUtc(first.start)}${merged}.`,
    spec: {
      canvas: 'chart-timeline',
      labels: buckets.map((b) => fmtClock(b.start)),
      datasets: verdictDatasets(buckets.map((b) => b.segments)),
      stacked: true,
      horizontal: false,
      xTitle: 'time (UTC)',
      yTitle: 'segments',
      height: 280,
    },
  };
}

function pointsChart(a: Analysis): ChartSection | undefined {
  const points = [...a.points].sort((x, y) => totalOf(y.segments) - totalOf(x.segments));
  if (points.length === 0 || points.every((p) => totalOf(p.segments) === 0)) return undefined;
  const shown = points.slice(0, LIMITS.chartPoints);
  const rest = points.slice(LIMITS.chartPoints);
  const labels = shown.map((p) => clip(p.direction ? `${p.name} (${p.direction})` : p.name, 60));
  const rows = shown.map((p) => p.segments);
  if (rest.length > 0) {
    const other = emptyCounts();
    for (const p of rest) addCounts(other, p.segments);
    labels.push(`${rest.length} other points`);
    rows.push(other);
  }
  return {
    title: 'Verdicts per capture point',
    note:
      rest.length > 0
        ? `The ${shown.length} busiest of ${points.length} capture points; the rest are summed in one bar.`
        : `Each input file, pcapng interface or --point name is one capture point.`,
    spec: {
      canvas: 'chart-points',
      labels,
      datasets: verdictDatasets(rows),
      stacked: true,
      horizontal: true,
      xTitle: 'segments',
      yTitle: '',
      height: Math.min(900, 90 + 32 * labels.length),
    },
  };
}

const problemScore = (f: FlowSummary): number => (f.segments.corrupt ?? 0) + (f.segments.offload ?? 0) + f.retransmissions;

/** Flows with most problem segments first, then the largest. */
export function byProblems(x: FlowSummary, y: FlowSummary): number {
  return problemScore(y) - problemScore(x) || y.bytes - x.bytes || y.packets - x.packets;
}

function topFlowsChart(a: Analysis): ChartSection | undefined {
  const sorted = [...a.flows].sort(byProblems);
  const anyProblem = sorted.some((f) => problemScore(f) > 0);
  // With problems present, healthy flows would only dwarf the bars that matter.
  const top = (anyProblem ? sorted.filter((f) => problemScore(f) > 0) : sorted).slice(0, LIMITS.chartTopFlows);
  if (top.length === 0) return undefined;
  return {
    title: anyProblem ? 'Top flows by problem segments' : 'Top flows by bytes',
    note: `${top.length} of ${a.flows.length + a.flowsOmitted} flows, segment verdicts stacked; the table below lists them all.`,
    spec: {
      canvas: 'chart-flows',
      labels: top.map((f) => clip(f.id, 60)),
      datasets: verdictDatasets(top.map((f) => f.segments)),
      stacked: true,
      horizontal: true,
      xTitle: 'segments',
      yTitle: '',
      height: 90 + 32 * top.length,
    },
  };
}

export function compareChart(before: Analysis, after: Analysis): ChartSection {
  const share = (a: Analysis): number[] => {
    const t = totalOf(a.segments);
    return VERDICTS.map((v) => (t === 0 ? 0 : Math.round((10000 * (a.segments[v] ?? 0)) / t) / 100));
  };
  return {
    title: 'Before and after: share of each verdict',
    note: 'Percent of innermost segments in each analysis, so captures of different length compare.',
    spec: {
      canvas: 'chart-compare',
      labels: [...VERDICTS],
      datasets: [
        { label: 'before', data: share(before), color: '#9aa3ad' },
        { label: 'after', data: share(after), color: '#2f6fb3' },
      ],
      stacked: false,
      horizontal: false,
      xTitle: 'verdict',
      yTitle: '% of segments',
      height: 260,
    },
  };
}

/** The charts of one analysis; those without data are left out rather than drawn empty. */
export function buildCharts(a: Analysis): ChartSection[] {
  return [timelineChart(a), pointsChart(a), topFlowsChart(a)].filter((c): c is ChartSection => c !== undefined);
}
