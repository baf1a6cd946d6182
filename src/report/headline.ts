// The report's one sentence: what is wrong, where it was seen, and how sure the evidence is.

import { VERDICTS } from '../checksum/types.js';
import { isFault } from '../analyze/findings.js';
import type { Analysis, Finding, Severity, VerdictCounts } from '../analyze/types.js';
import { fmtInt, fmtPct, plural } from './format.js';

export type Tone = 'bad' | 'warn' | 'ok' | 'unknown';
export type Confidence = 'high' | 'medium' | 'low';

export interface Headline {
  text: string;
  tone: Tone;
  confidence?: Confidence;
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

const COUNT_UNIT: Record<string, string> = {
  'offload-leak': 'unfinished checksums seen',
  corruption: 'checksums recomputed and wrong',
  blackhole: 'transmissions never answered',
  'checksum-blind': 'altered segments compared',
  'tunnel-checksum': 'damaged tunnel checksums seen',
};

export function totalOf(c: VerdictCounts): number {
  return VERDICTS.reduce((n, v) => n + (c[v] ?? 0), 0);
}

/** Most severe first, then the larger count. */
export function rankFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9) || b.count - a.count,
  );
}

/** Independent observations behind a finding: for a black hole, every unanswered transmission. */
function observations(f: Finding): number {
  const sent = f.evidence.transmissions;
  return f.kind === 'blackhole' && typeof sent === 'number' ? sent : f.count;
}

export function confidenceOf(f: Finding): Confidence {
  const n = observations(f);
  return n >= 10 ? 'high' : n >= 3 ? 'medium' : 'low';
}

const SHORT_NAME: Record<string, string> = {
  'offload-leak': 'an offload leak',
  corruption: 'corruption',
  blackhole: 'a black hole',
  'checksum-blind': 'corruption the checksums miss',
  'tunnel-checksum': 'damaged tunnel checksums',
};

/**
 * The finding the headline leads with: the most severe, except that a black hole of unfinished
 * checksums is the symptom of an offload leak, so the leak (the cause) leads.
 */
export function primaryFinding(ranked: readonly Finding[]): Finding | undefined {
  const top = ranked[0];
  const leak = ranked.find((f) => f.kind === 'offload-leak');
  if (top?.kind === 'blackhole' && top.evidence.verdict === 'offload' && leak) return leak;
  return top;
}

/** Capture points of the finding's flows, else the input files of its examples. */
export function findingPoints(a: Analysis, f: Finding): string[] {
  const ids = new Set(f.flows);
  const points = new Set<string>();
  for (const flow of a.flows) if (ids.has(flow.id)) for (const p of flow.points) points.add(p);
  if (points.size === 0) for (const ex of f.examples) points.add(a.inputs[ex.input]?.path ?? `input ${ex.input}`);
  return [...points];
}

function where(points: string[]): string {
  if (points.length === 0) return '';
  if (points.length <= 3) return ` (seen at ${points.join(', ')})`;
  return ` (seen at ${points.length} capture points)`;
}

/** Findings in reading order: the headline's finding first, then by severity and count. */
export function orderFindings(findings: readonly Finding[]): Finding[] {
  const ranked = rankFindings(findings);
  const first = primaryFinding(ranked);
  return first === undefined ? ranked : [first, ...ranked.filter((f) => f !== first)];
}

/** The sentence leads with faults only: a note (severity info) is no problem found. */
export function headline(a: Analysis): Headline {
  const ranked = rankFindings(a.findings.filter(isFault));
  const top = primaryFinding(ranked);
  const total = totalOf(a.segments);
  const stopped = a.inputs.filter((i) => i.error !== undefined).length;
  const caveat = stopped > 0 ? `; reading stopped early in ${plural(stopped, 'input')}` : '';
  if (top !== undefined) {
    const confidence = confidenceOf(top);
    const others = [...new Set(ranked.filter((f) => f !== top).map((f) => SHORT_NAME[f.kind] ?? 'another finding'))];
    const more = others.length > 0 ? `; also ${others.join(', ')}` : '';
    const unit = COUNT_UNIT[top.kind] ?? 'occurrences';
    const summary = top.summary.replace(/[.\s]+$/, '');
    return {
      text: `${summary}${where(findingPoints(a, top))}${more} — ${confidence} confidence (${fmtInt(observations(top))} ${unit}${caveat}).`,
      tone: ranked[0]!.severity === 'critical' || ranked[0]!.severity === 'high' ? 'bad' : 'warn',
      confidence,
    };
  }
  if (total === 0) {
    return { text: `No TCP or UDP segments were found in ${plural(a.inputs.length, 'input')}, so nothing could be checked${caveat}.`, tone: 'unknown' };
  }
  const checked = total - a.segments.unverifiable;
  if (checked === 0) {
    const reason = Object.entries(a.unverifiableReasons).sort((x, y) => y[1] - x[1])[0]?.[0];
    return {
      text: `None of ${plural(total, 'segment')} could be verified${reason ? ` (mostly: ${reason})` : ''}: capture elsewhere or with a full snaplen${caveat}.`,
      tone: 'unknown',
    };
  }
  const confidence: Confidence = checked >= 100 ? 'high' : checked >= 10 ? 'medium' : 'low';
  return {
    text:
      `No checksum problems: ${fmtInt(a.segments.valid)} of ${plural(total, 'segment')} valid (${fmtPct(a.segments.valid, total)}), ` +
      `${fmtInt(a.segments.offload)} benign offload, across ${plural(a.points.length, 'capture point')} — ${confidence} confidence (${fmtInt(checked)} checked${caveat}).`,
    tone: 'ok',
    confidence,
  };
}
