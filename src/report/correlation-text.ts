// The terminal renderer of a Correlation: verdict line (first bad hop), findings and what to do
// about them, the hop table, damage patterns, a few altered segments with hex before/after, then
// points and inputs.

import { describePattern, type AlteredSegment, type Correlation, type Hop, type HostClocks } from '../analyze/correlate/index.js';
import { pointCountersLine } from './counters-text.js';
import { fmtInt } from './format.js';
import { printable } from '../text/printable.js';
import { renderFindingsAdvice } from './advice-text.js';
import { renderFinding } from './text.js';

const ALTERED_SHOWN = 5;
const PATTERNS_SHOWN = 8;

function pad(s: string, w: number): string {
  return s.padEnd(w);
}

function num(v: number, w: number): string {
  return fmtInt(v).padStart(w);
}

function seconds(v: number): string {
  const ms = v * 1000;
  return `${ms >= 0 ? '+' : ''}${Math.abs(ms) >= 1000 ? `${v.toFixed(3)} s` : `${ms.toFixed(3)} ms`}`;
}

function hopRow(h: Hop): string {
  const clock = h.clock ? `${seconds(h.clock.offset)} ${h.clock.method}${h.clock.transit !== undefined ? `, transit ${seconds(h.clock.transit)}` : ''}` : '-';
  return [
    pad(`${h.from} → ${h.to}`, 26),
    num(h.matched, 10),
    num(h.altered, 8),
    num(h.checksumBlind, 6),
    num(h.lost, 7),
    num(h.unconfirmed, 7),
    num(h.added, 6),
    `  ${clock}`,
  ].join(' ');
}

/** Each host's clock against the reference host's, and points of one host whose clocks disagree. */
export function hostClockLines(h: HostClocks): string[] {
  if (h.hosts.length < 2 && h.disagreements.length === 0) return [];
  const w = Math.max(...h.hosts.map((x) => x.host.length));
  const out = ['', `host clocks (vs ${h.reference}, the first point's host; the captures keep each host's own timestamps):`];
  for (const x of h.hosts) {
    const points = `${x.points.length} point${x.points.length === 1 ? '' : 's'}`;
    if (x.host === h.reference) out.push(`  ${pad(x.host, w)}  reference, ${points}`);
    else if (x.offset === undefined) out.push(`  ${pad(x.host, w)}  unknown: no timed hop joins it to ${h.reference}, ${points}`);
    else {
      const pm = x.uncertainty !== undefined ? ` ± ${seconds(x.uncertainty).slice(1)}` : ' (includes the transit time)';
      const spread = x.pairs > 1 ? ` (spread ${seconds(x.spread ?? 0).slice(1)})` : '';
      out.push(`  ${pad(x.host, w)}  ${seconds(x.offset)}${pm} ${x.method}, median of ${x.pairs} point pair${x.pairs === 1 ? '' : 's'}${spread}, ${fmtInt(x.segments)} segments timed, ${points}`);
    }
  }
  for (const d of h.disagreements) {
    out.push(`  ${d.host}: ${d.a} and ${d.b} differ by ${seconds(d.difference)}, more than ± ${seconds(d.uncertainty).slice(1)}: not one clock, though named one host`);
  }
  return out;
}

/** Hex in groups of two bytes, the differing groups marked with brackets. */
function hexPair(a: string, b: string): [string, string] {
  const ga = a.match(/.{1,4}/g) ?? [];
  const gb = b.match(/.{1,4}/g) ?? [];
  const mark = (g: string, other: string | undefined): string => (g === other ? ` ${g} ` : `[${g}]`);
  return [ga.map((g, i) => mark(g, gb[i])).join(''), gb.map((g, i) => mark(g, ga[i])).join('')];
}

function altered(s: AlteredSegment): string[] {
  const a = s.alteration;
  const [before, after] = hexPair(s.hexBefore, s.hexAfter);
  return [
    `  ${s.flow} seq ${s.seq} id ${s.ipId} len ${s.payloadLength}: ${s.from} #${s.before.frame} → ${s.to} #${s.after.frame}`,
    `    ${a.kind} at payload offset ${a.offset}, ${a.length} byte${a.length > 1 ? 's' : ''}${a.value ? ` = ${a.value}` : ''}, ${a.changedBytes} changed; checksum at ${s.to}: ${s.verdict}${s.checksumBlind ? ' (damage NOT detectable)' : ' (detected)'}`,
    `    before +${s.hexOffset}: ${before}`,
    `    after  +${s.hexOffset}: ${after}`,
  ];
}

export function renderCorrelationText(c: Correlation): string {
  const out: string[] = [];
  const bad = c.firstBadHop ? `first bad hop: ${c.firstBadHop.from} → ${c.firstBadHop.to}` : 'no segment altered or lost between the points';
  out.push(`ovsforensics correlate: ${c.points.map((p) => p.name).join(' → ')}: ${bad} (${c.findings.length} finding${c.findings.length === 1 ? '' : 's'}, ${fmtInt(c.segments)} segments followed)`);
  out.push('');
  for (const f of c.findings) out.push(...renderFinding(f), '');
  out.push(...renderFindingsAdvice(c.findings));
  out.push('hops:');
  out.push([pad('  from → to', 26), 'matched'.padStart(10), 'altered'.padStart(8), 'blind'.padStart(6), 'lost'.padStart(7), 'unconf'.padStart(7), 'added'.padStart(6), '  clock (to − from)'].join(' '));
  for (const h of c.hops) out.push(`  ${hopRow(h)}${h.direction === 'reverse' ? '  (reverse)' : ''}`);
  const across = c.hops.filter((h) => h.alteredAcrossDrops > 0);
  for (const h of across) out.push(`  ${fmtInt(h.alteredAcrossDrops)} more altered before ${h.to}, the points in between having missed them`);
  out.push('  lost: gone after `from`, resent by the sender or never acknowledged; unconf: gone with no way to tell (pure ACKs, end of capture)');
  out.push(...hostClockLines(c.hostClocks));
  if (c.patterns.length > 0) {
    out.push('');
    out.push('damage patterns:');
    for (const g of c.patterns.slice(0, PATTERNS_SHOWN)) {
      const total = c.hops.find((h) => h.from === g.from && h.to === g.to);
      out.push(`  ${g.from} → ${g.to}: ${describePattern(g, (total?.altered ?? 0) + (total?.alteredAcrossDrops ?? 0) || g.count)}${g.checksumBlind > 0 ? `, ${fmtInt(g.checksumBlind)} checksum-blind` : ''}`);
    }
    if (c.patterns.length > PATTERNS_SHOWN) out.push(`  (+${c.patterns.length - PATTERNS_SHOWN} more patterns)`);
  }
  if (c.altered.length > 0) {
    const total = c.altered.length + c.alteredOmitted;
    out.push('');
    out.push(`altered segments (${Math.min(ALTERED_SHOWN, total)} of ${fmtInt(total)}; --json has ${c.altered.length}):`);
    for (const s of c.altered.slice(0, ALTERED_SHOWN)) out.push(...altered(s));
  }
  out.push('');
  out.push('points:');
  for (const p of c.points) {
    const input = c.inputs[p.input];
    const reported = p.reportedDrops !== undefined ? `, tool reported ${fmtInt(p.reportedDrops)}` : '';
    const clock = p.input === 0 || p.clockSamples === 0 ? '' : `  clock ${seconds(p.clockOffset)} vs ${c.points[0]!.name} (${fmtInt(p.clockSamples)} samples)`;
    out.push(`  ${pad(p.name, 16)} ${num(p.packets, 10)} packets ${num(p.segments, 10)} segments  capture drops ${fmtInt(p.captureDrops)}${reported}${clock}  ${input?.path ?? ''}`);
    if (p.counters) out.push(`    counters: ${pointCountersLine(p.counters)}`);
  }
  for (const i of c.inputs) if (i.error) out.push(`  STOPPED: ${i.error}`);
  // Point, interface and file names come from the command line and the captures: each line is made printable whole.
  return `${out.map(printable).join('\n')}\n`;
}
