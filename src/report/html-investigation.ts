// investigate's self-contained HTML report: the headline, the path drawn with each place coloured
// by what happened there, the probe before and after, findings with their advice, both hosts'
// facts, clocks and counters, the recommendation. No script: the picture is inline SVG.

import type { HostClock } from '../analyze/correlate/types.js';
import type { FixStep, HostReport, Investigation, ProbeSummary } from '../investigate/types.js';
import { resolveAdvice } from '../remedy/advice/index.js';
import { adviceParts } from './advice-view.js';
import { clip, fmtInt } from './format.js';
import { cssToken, html, SafeHtml } from './html-escape.js';
import { renderPage } from './html-page.js';
import { renderPathSvg } from './html-path-svg.js';
import { REPORT_CSS } from './html-style.js';
import { writeReportFile, type WrittenReport } from './html.js';
import { resolveReportPath } from './report-path.js';

const PATH_CSS = `
figure.path{margin:12px 0}figure.path svg{max-width:100%;height:auto}figure.path svg text{font:12px system-ui,sans-serif;fill:#fff}
figure.path svg text.h,figure.path svg text.l{fill:#1d232b;font-weight:600}figure.path svg text.k{font-size:11px;opacity:.9}figure.path svg text.n{font-weight:600}figure.path svg text.p{font-size:10px}
table.kv td,table.kv th{text-align:left;padding:2px 10px 2px 0;vertical-align:top}
`;

function probeRow(what: string, p: ProbeSummary): SafeHtml {
  const t = p.transfer;
  return html`<tr data-probe="${what}"><td>${what}</td><td class="${t.intact ? 'ok' : 'bad'}">${t.intact ? 'intact' : 'NOT intact'}</td><td>${fmtInt(t.delivered)} / ${fmtInt(t.bytes)}</td><td>${t.throughputMBps.toFixed(1)} MB/s</td><td>${t.seconds.toFixed(2)} s</td><td class="mono">${t.sentSha256.slice(0, 16)} → ${t.receivedSha256.slice(0, 16)}</td><td>${p.pings.map((x) => `${x.payload}${x.dontFragment ? ' DF' : ''}: ${x.received}/${x.sent}`).join(', ')}${p.sizeThreshold === undefined ? '' : `; sizes stop crossing between ${p.sizeThreshold.largestOk} and ${p.sizeThreshold.smallestLost} bytes`}</td></tr>`;
}

const ms = (v: number): string => `${v < 0 ? '−' : '+'}${Math.abs(v * 1000).toFixed(3)} ms`;

/** The clock of the host an end's points were captured on: correlate names hosts by their points. */
function clockOf(r: Investigation, side: HostReport['side']): HostClock | undefined {
  const points = new Set(r.path.filter((e) => e.side === side && e.point !== undefined).map((e) => e.point!));
  return r.hostClocks?.hosts.find((c) => c.points.some((p) => points.has(p)));
}

function clockLine(r: Investigation, side: HostReport['side']): SafeHtml | string {
  const c = clockOf(r, side);
  if (c === undefined || r.hostClocks === undefined) return '';
  const what =
    c.host === r.hostClocks.reference
      ? `the reference clock offsets are measured against (points ${c.points.join(', ')})`
      : c.offset === undefined
        ? `unknown against ${r.hostClocks.reference}'s: no timed hop joins them`
        : `${ms(c.offset)}${c.uncertainty === undefined ? ' (includes the transit time)' : ` ± ${ms(c.uncertainty).slice(1)}`} against ${r.hostClocks.reference}'s (${c.method}, median of ${c.pairs} point pair${c.pairs === 1 ? '' : 's'}, ${fmtInt(c.segments)} segments timed)`;
  return html`<p class="clock" data-clock-host="${c.host}">Clock: ${what}.</p>`;
}

function hostSection(r: Investigation, h: HostReport): SafeHtml {
  const d = h.doctor;
  return html`<section class="host-facts" data-host="${h.host}"><h3>${h.side === 'from' ? 'Sender' : 'Receiver'}: ${h.host}${h.ssh ? ` (ssh ${h.ssh})` : ''}, ${h.container}</h3>
<p class="small">hostname ${d.hostname}, kernel ${d.kernel?.release ?? 'unknown'}${d.ovs ? `, Open vSwitch ${d.ovs.version ?? ''} (${d.ovs.bridges.map((b) => `${b.name} ${b.datapathType}`).join(', ')})` : ''}</p>
${clockLine(r, h.side)}
<table class="data"><tr><th>Role</th><th>Interface</th><th>Where</th><th>MTU</th><th>Offloads on</th><th>Checksum drops counted</th></tr>
${d.interfaces.map(
  (i) => html`<tr><td>${i.role}</td><td class="mono">${i.name}</td><td>${i.where}</td><td>${i.mtu ?? ''}</td><td>${Object.entries(i.features?.values ?? {})
    .filter(([, v]) => v.on)
    .map(([k]) => k)
    .join(', ')}</td><td>${Object.entries({ ...(i.checksumCounters?.kernel ?? {}), ...(i.checksumCounters?.nic ?? {}) })
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}</td></tr>`,
)}</table>
<p>Risks: ${d.risks.length === 0 ? 'none' : ''}</p><ul>${d.risks.map((r) => html`<li><span class="badge sev-${cssToken(r.severity)}">${r.severity}</span> ${r.summary}</li>`)}</ul>
${d.errors.length > 0 ? html`<p class="small">Could not read: ${d.errors.join('; ')}</p>` : ''}
</section>`;
}

/** What a --fix or --revert step changed on its container, in words. */
function stepChanges(s: FixStep): string {
  return s.outcome?.changes.map((c) => `${c.name} ${c.from} → ${c.to}`).join(', ') || s.note || 'nothing to change';
}

export function renderInvestigationHtml(r: Investigation): string {
  const tone = r.healthy ? 'tone-ok' : 'tone-bad';
  const body = html`<main>
<header><p class="kicker">ovsforensics investigate, ${r.generatedAt}: ${r.from.host}:${r.from.container} → ${r.to.host}:${r.to.container}</p>
<h1 class="headline ${tone}" id="headline">${r.headline}</h1>${r.fix ? html`<p class="headline-small ${r.fix.intact ? 'tone-ok' : 'tone-bad'}" id="after-fix">After the fix the probe is ${r.fix.intact ? 'intact' : 'still NOT intact'}.</p>` : ''}</header>
<section id="path"><h2>The path</h2>${renderPathSvg(r)}
${r.fault ? html`<p id="fault"><strong>At fault: ${r.fault.from} → ${r.fault.to}</strong> (${r.fault.state}): ${r.fault.why}</p>` : html`<p id="fault">No place on the path is at fault.</p>`}
<table class="data"><tr><th>Point</th><th>Interface</th><th>Packets</th><th>Dropped by the capture</th><th>Checksum counters that moved</th></tr>
${r.points.map((p) => html`<tr data-point="${p.name}"><td>${p.name}</td><td class="mono">${p.label ?? 'not captured'}</td><td>${fmtInt(p.packets)}</td><td>${fmtInt(p.dropped)}</td><td>${Object.entries(p.countersMoved).map(([k, v]) => `${k} +${v}`).join(', ') || 'none'}</td></tr>`)}</table>
${r.hops.length > 0 ? html`<h3>Hops</h3><table class="data"><tr><th>Hop</th><th>Matched</th><th>Altered</th><th>Checksum-blind</th><th>Lost</th></tr>${r.hops.map((h) => html`<tr><td>${h.from} → ${h.to}</td><td>${fmtInt(h.matched)}</td><td>${fmtInt(h.altered)}</td><td>${fmtInt(h.checksumBlind)}</td><td>${fmtInt(h.lost)}</td></tr>`)}</table>` : ''}
</section>
<section id="probe"><h2>The probe</h2><table class="data"><tr><th></th><th>Integrity</th><th>Delivered</th><th>Throughput</th><th>Time</th><th>SHA-256 sent → received</th><th>Pings (size: answered/sent)</th></tr>
${probeRow('before', r.probe)}${r.fix ? probeRow('after the fix', r.fix.probe) : ''}</table></section>
<section id="findings"><h2>Findings</h2>${r.findings.length === 0 ? html`<p>None.</p>` : ''}
${r.findings.map((f) => html`<article class="finding sev-${cssToken(f.severity)}" data-kind="${f.kind}"><p class="summary"><span class="badge sev-${cssToken(f.severity)}">${f.severity}</span> ${f.kind}: ${clip(f.summary, 2000)}</p>${f.remedy ? html`<p class="first-remedy">${clip(f.remedy, 2000)}</p>` : ''}</article>`)}
</section>
<section id="recommendation"><h2>Recommendation</h2>${r.recommendations.length === 0 ? html`<p>Nothing to change.</p>` : ''}
${r.recommendations.map((p) => {
  const advice = resolveAdvice({ id: p.advice, facts: {} })[0];
  return html`<div class="remedy" data-advice="${p.advice}" data-side="${p.side}"><h3>${advice?.title ?? p.advice}: on ${p.container} (${p.host})</h3><p>${p.summary}</p>${p.commands.map((c) => html`<pre class="cmd"><code>${c}</code></pre>`)}
${advice ? adviceParts(advice).filter((x) => 'text' in x).map((x) => html`<h4>${x.heading}</h4><p>${'text' in x ? x.text : ''}</p>`) : ''}</div>`;
})}
${r.fixNotApplied ? html`<div id="fix-not-applied"><h3>--fix changed nothing</h3><p>${r.fixNotApplied.reason}; no second probe was run.</p>${r.fixNotApplied.commands.map((c) => html`<pre class="cmd"><code>${c}</code></pre>`)}</div>` : ''}
${r.fix ? html`<h3>What --fix changed</h3><ul>${r.fix.steps.map((s) => html`<li>${s.host} ${s.container}: ${stepChanges(s)}${s.outcome ? ` (snapshot ${s.outcome.snapshot.status}: ${s.outcome.snapshot.path})` : ''}</li>`)}</ul>` : ''}
${r.reverted ? html`<h3>What --revert put back</h3><ul>${r.reverted.map((s) => html`<li>${s.host} ${s.container}: ${stepChanges(s)}</li>`)}</ul>` : ''}
</section>
<section id="hosts"><h2>Both hosts</h2>${r.hosts.map((h) => hostSection(r, h))}</section>
<footer class="small"><p>Capture: ${r.capture.file} (${r.capture.seconds.toFixed(1)} s). Investigated in ${r.seconds.toFixed(1)} s.</p></footer>
</main>`;
  return renderPage({ title: `ovsforensics investigate: ${clip(r.headline, 200)}`, css: REPORT_CSS + PATH_CSS, body });
}

export async function writeInvestigationReport(r: Investigation, file: string): Promise<WrittenReport> {
  return writeReportFile(resolveReportPath(file), renderInvestigationHtml(r));
}
