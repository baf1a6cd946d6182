// The report section of `correlate --html`: where along the path segments were altered or lost,
// hop by hop, the damage patterns, and altered segments byte by byte (original vs arriving).

import type { AlteredSegment, Correlation, HostClocks } from '../analyze/correlate/index.js';
import { pointCountersLine } from './counters-text.js';
import { clip, fmtInt } from './format.js';
import { html, SafeHtml } from './html-escape.js';
import { omittedNote } from './html-findings.js';
import { take } from './limits.js';

const MAX_HOPS = 50;
const MAX_PATTERNS = 30;
const MAX_ALTERED = 20;

function hexPair(s: AlteredSegment): SafeHtml {
  const ok = (h: string): boolean => /^(?:[0-9a-fA-F]{2})*$/.test(h);
  if (!ok(s.hexBefore) || !ok(s.hexAfter)) return html`<p class="omitted">No readable bytes for this segment.</p>`;
  const before = Buffer.from(s.hexBefore, 'hex');
  const after = Buffer.from(s.hexAfter, 'hex');
  // Changed bytes are marked in both lines, so the damage stands out wherever it is.
  const line = (mine: Buffer, other: Buffer): SafeHtml[] =>
    [...mine].map((b, i) => {
      const hex = b.toString(16).padStart(2, '0');
      return other[i] !== b ? html`<mark>${hex}</mark> ` : html`${hex} `;
    });
  return html`<pre class="hex">payload +${s.hexOffset}
before (${clip(s.before.point, 80)} #${s.before.frame}): ${line(before, after)}
after  (${clip(s.after.point, 80)} #${s.after.frame}): ${line(after, before)}</pre>`;
}

const ms = (v: number): string => (v * 1000).toFixed(3);

/** Each host's clock against the reference host's; points of one host whose clocks disagree. */
function hostClocks(h: HostClocks): SafeHtml | string {
  if (h.hosts.length < 2 && h.disagreements.length === 0) return '';
  const row = (x: HostClocks['hosts'][number]): SafeHtml =>
    x.host === h.reference
      ? html`<tr><td>${clip(x.host, 80)}</td><td class="num">0 (reference)</td><td class="num"></td><td></td><td class="num"></td><td class="num"></td><td class="num">${fmtInt(x.points.length)}</td></tr>`
      : html`<tr><td>${clip(x.host, 80)}</td><td class="num">${x.offset === undefined ? '–' : ms(x.offset)}</td><td class="num">${x.uncertainty === undefined ? '–' : ms(x.uncertainty)}</td><td>${x.method ?? 'no timed hop'}</td><td class="num">${fmtInt(x.pairs)}</td><td class="num">${fmtInt(x.segments)}</td><td class="num">${fmtInt(x.points.length)}</td></tr>`;
  return html`<h3>Host clocks</h3>
<p>Each host's clock minus ${clip(h.reference, 80)}'s, the median over point pairs of the hops' two-way timings; the captures keep each host's own timestamps.</p>
<div class="scroll"><table class="data"><thead><tr><th>Host</th><th class="num">Offset (ms)</th><th class="num">± (ms)</th><th>Timing</th><th class="num">Point pairs</th><th class="num">Segments timed</th><th class="num">Points</th></tr></thead><tbody>
${h.hosts.map(row)}
</tbody></table></div>
${h.disagreements.map((d) => html`<p class="v-corrupt">${clip(d.host, 80)}: ${clip(d.a, 80)} and ${clip(d.b, 80)} differ by ${ms(d.difference)} ms, more than ± ${ms(d.uncertainty)} ms: not one clock, though named one host.</p>`)}`;
}

export function renderCorrelation(c: Correlation): SafeHtml {
  const hops = take(c.hops, MAX_HOPS);
  const patterns = take(c.patterns, MAX_PATTERNS);
  const altered = take(c.altered, MAX_ALTERED);
  const path = c.points.map((p) => p.name).join(' → ');
  const verdict = c.firstBadHop
    ? html`Segments first go wrong between <strong>${clip(c.firstBadHop.from, 80)}</strong> and <strong>${clip(c.firstBadHop.to, 80)}</strong>.`
    : html`Every segment followed arrived as it left: no hop altered or lost data.`;
  return html`<section id="correlation"><h2>Along the path: ${clip(path, 400)}</h2>
<p class="headline-small">${verdict} ${fmtInt(c.segments)} segments were followed across ${fmtInt(c.points.length)} capture points.</p>
<div class="scroll"><table class="data"><thead><tr><th>From</th><th>To</th><th>Direction</th><th class="num">Matched</th><th class="num">Altered</th><th class="num">Checksum-blind</th><th class="num">Lost</th><th class="num">Unconfirmed</th><th class="num">Added</th><th class="num">Clock offset (ms)</th></tr></thead><tbody>
${hops.shown.map(
  (h) => html`<tr><td>${clip(h.from, 80)}</td><td>${clip(h.to, 80)}</td><td>${h.direction}</td><td class="num">${fmtInt(h.matched)}</td><td class="num${h.altered > 0 ? ' v-corrupt' : ''}">${fmtInt(h.altered)}</td><td class="num${h.checksumBlind > 0 ? ' v-corrupt' : ''}">${fmtInt(h.checksumBlind)}</td><td class="num">${fmtInt(h.lost)}</td><td class="num">${fmtInt(h.unconfirmed)}</td><td class="num">${fmtInt(h.added)}</td><td class="num">${h.clock ? (h.clock.offset * 1000).toFixed(3) : '–'}</td></tr>`,
)}
</tbody></table></div>
${omittedNote(hops.omitted, 'hop')}
<table class="kv"><tbody>${c.points.map(
    (p) => html`<tr><th scope="row">${clip(p.name, 80)}</th><td>${fmtInt(p.segments)} segments, ${fmtInt(p.captureDrops)} missed by this capture (seen before and after it)${p.reportedDrops !== undefined ? html`, ${fmtInt(p.reportedDrops)} drops counted by the capture tool` : ''}${p.counters ? html`; ${clip(pointCountersLine(p.counters), 600)}` : ''}</td></tr>`,
  )}</tbody></table>
${hostClocks(c.hostClocks)}
${patterns.shown.length > 0
  ? html`<h3>Damage patterns</h3><div class="scroll"><table class="data"><thead><tr><th>Hop</th><th>Pattern</th><th class="num">Payload offset</th><th class="num">Bytes</th><th>Value</th><th class="num">Segments</th><th class="num">Checksum-blind</th></tr></thead><tbody>
${patterns.shown.map(
  (g) => html`<tr><td>${clip(g.from, 80)} → ${clip(g.to, 80)}</td><td>${g.kind}</td><td class="num">${fmtInt(g.offset)}</td><td class="num">${fmtInt(g.length)}</td><td>${g.value === undefined ? '' : clip(g.value, 64)}</td><td class="num">${fmtInt(g.count)}</td><td class="num${g.checksumBlind > 0 ? ' v-corrupt' : ''}">${fmtInt(g.checksumBlind)}</td></tr>`,
)}</tbody></table></div>${omittedNote(patterns.omitted, 'pattern')}`
  : ''}
${altered.shown.length > 0
  ? html`<h3>Altered segments, byte by byte</h3>
${altered.shown.map(
  (s) => html`<article class="finding"><p><strong>${clip(s.flow, 200)}</strong> seq ${s.seq} id ${s.ipId}, ${fmtInt(s.payloadLength)} bytes: ${s.alteration.kind} at payload offset ${fmtInt(s.alteration.offset)} between ${clip(s.from, 80)} and ${clip(s.to, 80)}; checksum at ${clip(s.to, 80)}: ${s.verdict}${s.checksumBlind ? ' — the receiver cannot notice' : ''}.</p>${hexPair(s)}</article>`,
)}${omittedNote(altered.omitted + c.alteredOmitted, 'altered segment')}`
  : ''}
</section>`;
}
