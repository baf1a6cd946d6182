// The report's overview sections: headline, verdict totals, before/after, chart frames, the flow
// table's frame, and what could not be checked. Charts and table rows are drawn by the page script.

import { VERDICTS } from '../checksum/types.js';
import type { Analysis } from '../analyze/types.js';
import type { Comparison } from './compare.js';
import { clip, fmtInt, fmtPct, fmtUtc, plural } from './format.js';
import type { Headline } from './headline.js';
import { totalOf } from './headline.js';
import type { ChartSection } from './html-charts.js';
import { html, SafeHtml } from './html-escape.js';
import { omittedNote } from './html-findings.js';
import { LIMITS, take } from './limits.js';

export function renderHeader(a: Analysis, h: Headline): SafeHtml {
  return html`<header>
<p class="kicker">ovsforensics incident report · analysis of ${clip(a.generatedAt, 40)} · ${plural(a.inputs.length, 'input')}</p>
<h1 class="headline tone-${h.tone}" id="headline">${h.text}</h1>
<nav><a href="#findings">Findings</a> · <a href="#charts">Charts</a> · <a href="#flows">Flows</a>${a.corrupt.length + a.corruptOmitted > 0 ? html` · <a href="#corrupt">Corrupt segments</a>` : ''} · <a href="#inputs">Inputs</a></nav>
</header>`;
}

export function renderTotals(a: Analysis): SafeHtml {
  const total = totalOf(a.segments);
  return html`<section id="totals"><h2>Segments checked</h2>
<div class="cards">
<div class="card"><span class="n">${fmtInt(a.packets)}</span><span class="l">packets</span></div>
<div class="card"><span class="n">${fmtInt(total)}</span><span class="l">TCP/UDP segments</span></div>
${VERDICTS.map(
  (v) => html`<div class="card v-${v}"><span class="n">${fmtInt(a.segments[v] ?? 0)}</span><span class="l">${v} · ${fmtPct(a.segments[v] ?? 0, total)}</span></div>`,
)}
</div>
<p class="small">Verdicts of the innermost TCP/UDP checksum of each packet. valid: recomputed value matches · offload: the stored value is the pseudo-header sum a NIC was meant to finish · corrupt: bytes changed after the checksum · unverifiable: truncated, fragment or otherwise not checkable · absent: UDP over IPv4 with checksum 0.</p>
</section>`;
}

export function renderComparison(c: Comparison, chart: ChartSection): SafeHtml {
  const value = (n: number, percent: boolean): string => (percent ? `${n.toFixed(2)}%` : fmtInt(n));
  const trend = (r: Comparison['rows'][number]): string => {
    if (r.after === r.before || r.better === 'neither') return '';
    return (r.better === 'lower') === r.after < r.before ? 'better' : 'worse';
  };
  return html`<section id="compare"><h2>Before and after</h2>
<p class="headline-small tone-${c.tone}">${c.sentence}</p>
<div class="scroll"><table class="data"><thead><tr><th>Measure</th><th class="num">Before</th><th class="num">After</th><th>Change</th></tr></thead><tbody>
${c.rows.map((r) => html`<tr><td>${r.label}</td><td class="num">${value(r.before, r.percent)}</td><td class="num">${value(r.after, r.percent)}</td><td class="trend-${trend(r) || 'none'}">${trend(r)}</td></tr>`)}
${c.findings.map((f) => html`<tr><td>finding: ${clip(f.kind, 80)}</td><td class="num">${fmtInt(f.before)}</td><td class="num">${fmtInt(f.after)}</td><td class="status-${f.status}">${f.status}</td></tr>`)}
</tbody></table></div>
${chartFigure(chart)}
</section>`;
}

function chartFigure(c: ChartSection): SafeHtml {
  return html`<figure class="chart"><figcaption><strong>${c.title}.</strong> ${c.note}</figcaption>
<div class="chart-box" id="${c.spec.canvas}-box"><canvas id="${c.spec.canvas}" role="img" aria-label="${c.title}"></canvas></div></figure>`;
}

export function renderCharts(charts: ChartSection[]): SafeHtml {
  return html`<section id="charts"><h2>Charts</h2>
${charts.length === 0 ? html`<p>No segments to chart.</p>` : charts.map(chartFigure)}
<noscript><p>The charts need JavaScript; the tables in this report do not.</p></noscript>
</section>`;
}

export function renderFlowTableFrame(note: string): SafeHtml {
  return html`<section id="flows"><h2>Flows</h2>
<p>${note} Click a column heading to sort; type to filter.</p>
<div class="controls">
<label>Filter <input type="search" id="flow-filter" placeholder="address, port, vni, point…" autocomplete="off"></label>
<label><input type="checkbox" id="flow-problems"> only flows with offload, corrupt or retransmitted segments</label>
<span id="flow-count" aria-live="polite"></span>
</div>
<div class="scroll table-box"><table class="data" id="flow-table"><thead></thead><tbody></tbody></table></div>
<noscript><p>The flow table needs JavaScript.</p></noscript>
</section>`;
}

export function renderChecks(a: Analysis): SafeHtml {
  const reasons = take(
    Object.entries(a.unverifiableReasons).sort((x, y) => y[1] - x[1]),
    LIMITS.reasons,
  );
  return html`<section id="checks"><h2>Checksums by layer, and what could not be checked</h2>
<div class="scroll"><table class="data"><thead><tr><th>Layer</th><th>Depth</th>${VERDICTS.map((v) => html`<th>${v}</th>`)}</tr></thead><tbody>
${a.layers.slice(0, 50).map(
  (l) => html`<tr><td>${l.layer}</td><td class="num">${l.depth}</td>${VERDICTS.map((v) => html`<td class="num">${fmtInt(l.counts[v] ?? 0)}</td>`)}</tr>`,
)}
</tbody></table></div>
<p class="small">Depth 0 is the outermost header; each tunnel crossed adds one.</p>
${reasons.shown.length > 0
  ? html`<h3>Why segments were unverifiable or absent</h3><table class="kv"><tbody>${reasons.shown.map(
      ([why, n]) => html`<tr><th scope="row">${clip(why, 200)}</th><td class="num">${fmtInt(n)}</td></tr>`,
    )}</tbody></table>${omittedNote(reasons.omitted, 'reason')}`
  : ''}
<p>${plural(a.invalidPackets, 'packet')} had headers that contradicted themselves; ${plural(a.truncatedPackets, 'packet')} were cut short by the snaplen.</p>
</section>`;
}

export function renderFooter(a: Analysis, source: string | undefined): SafeHtml {
  return html`<footer><p>Generated by ovsforensics from ${clip(source ?? 'an analysis', 300)} (schema ${clip(String(a.schema), 60)}) at ${fmtUtc(Date.now() / 1000)}. This file is self-contained: it loads nothing from the network.</p></footer>`;
}
