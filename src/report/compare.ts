// Before/after view: two analyses of the same path, taken around a change (usually a fix).

import { VERDICTS } from '../checksum/types.js';
import type { Analysis } from '../analyze/types.js';
import { fmtInt } from './format.js';
import type { Tone } from './headline.js';
import { totalOf } from './headline.js';

export interface CompareRow {
  label: string;
  before: number;
  after: number;
  /** Which direction is an improvement; shares are compared, not raw counts, where captures differ in length. */
  better: 'lower' | 'higher' | 'neither';
  percent: boolean;
}

export type FindingStatus = 'resolved' | 'new' | 'improved' | 'worse' | 'unchanged';

export interface FindingChange {
  kind: string;
  before: number;
  after: number;
  status: FindingStatus;
}

export interface Comparison {
  rows: CompareRow[];
  findings: FindingChange[];
  sentence: string;
  tone: Tone;
}

function countsByKind(a: Analysis): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of a.findings) m.set(f.kind, (m.get(f.kind) ?? 0) + f.count);
  return m;
}

function statusOf(before: number, after: number): FindingStatus {
  if (after === 0) return 'resolved';
  if (before === 0) return 'new';
  return after < before ? 'improved' : after > before ? 'worse' : 'unchanged';
}

const share = (n: number, of: number): number => (of === 0 ? 0 : (100 * n) / of);

export function compareAnalyses(before: Analysis, after: Analysis): Comparison {
  const tb = totalOf(before.segments);
  const ta = totalOf(after.segments);
  const retrans = (a: Analysis): number => a.flows.reduce((n, f) => n + f.retransmissions, 0);
  const rows: CompareRow[] = [
    { label: 'packets', before: before.packets, after: after.packets, better: 'neither', percent: false },
    { label: 'segments', before: tb, after: ta, better: 'neither', percent: false },
    ...VERDICTS.map(
      (v): CompareRow => ({
        label: `${v} segments (share)`,
        before: share(before.segments[v], tb),
        after: share(after.segments[v], ta),
        better: v === 'valid' ? 'higher' : v === 'corrupt' || v === 'offload' ? 'lower' : 'neither',
        percent: true,
      }),
    ),
    { label: 'retransmissions (listed flows)', before: retrans(before), after: retrans(after), better: 'lower', percent: false },
    { label: 'findings', before: before.findings.length, after: after.findings.length, better: 'lower', percent: false },
  ];
  const kb = countsByKind(before);
  const ka = countsByKind(after);
  const kinds = [...new Set([...kb.keys(), ...ka.keys()])];
  const findings = kinds.map((kind): FindingChange => {
    const b = kb.get(kind) ?? 0;
    const a = ka.get(kind) ?? 0;
    return { kind, before: b, after: a, status: statusOf(b, a) };
  });
  const describe = (c: FindingChange): string => `${c.kind} ${c.status} (${fmtInt(c.before)} → ${fmtInt(c.after)})`;
  const remaining = findings.filter((c) => c.status !== 'resolved');
  if (findings.length === 0) {
    return { rows, findings, sentence: 'No findings before or after the change.', tone: 'ok' };
  }
  if (remaining.length === 0) {
    return { rows, findings, sentence: `Fixed: ${findings.map(describe).join('; ')}; no new findings.`, tone: 'ok' };
  }
  const fixed = findings.filter((c) => c.status === 'resolved');
  return {
    rows,
    findings,
    sentence:
      `Not fixed: ${remaining.map(describe).join('; ')}` + (fixed.length > 0 ? `; resolved: ${fixed.map(describe).join('; ')}` : '') + '.',
    tone: 'bad',
  };
}
