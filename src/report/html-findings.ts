// Findings with their evidence, example frames and the advice they point to (src/remedy/advice):
// commands, cost, narrower alternatives, persistence, undo, verification.

import { isFault } from '../analyze/findings.js';
import { findingAdvice } from '../analyze/remedies.js';
import type { Analysis, Finding, FrameRef } from '../analyze/types.js';
import { resolveAdvice, type Advice, type Step } from '../remedy/advice/index.js';
import { adviceParts, placeholderHint } from './advice-view.js';
import { counterEvidenceLine } from './counters-text.js';
import { clip, fmtHex4, fmtInt, fmtUtc, plural } from './format.js';
import { confidenceOf, findingPoints, orderFindings } from './headline.js';
import { cssToken, html, SafeHtml } from './html-escape.js';
import { LIMITS, take } from './limits.js';

const KIND_TITLE: Record<string, string> = {
  'offload-leak': 'Checksum offload leak',
  corruption: 'Data corruption',
  blackhole: 'Black hole: segments never answered',
  'checksum-blind': 'Corruption the checksums cannot see',
  'tunnel-checksum': 'Damaged tunnel checksums',
  'offload-unconfirmed': 'Unfinished checksums, outcome not shown',
};

export function omittedNote(omitted: number, what: string): SafeHtml {
  return omitted > 0 ? html`<p class="omitted">${plural(omitted, what)} more left out of this report.</p>` : html``;
}

function stepList(steps: Step[]): SafeHtml {
  return html`<ol class="steps">${steps.map(
    (s) => html`<li><p>${s.purpose}</p>${s.command ? html`<pre class="cmd"><code data-command>${s.command}</code></pre>` : ''}</li>`,
  )}</ol>`;
}

/** One known cause: what it means, what it rests on, then its steps, each part as adviceParts orders them. */
function adviceBlock(a: Advice, other: boolean): SafeHtml {
  const hint = placeholderHint(a);
  return html`<div class="remedy" data-advice="${a.id}">
<h4>${other ? 'Another known cause with the same evidence: ' : ''}${a.title}</h4>
${hint ? html`<p class="hint">${hint}</p>` : ''}
${adviceParts(a).map((p) => html`<h4>${p.heading}</h4>${'text' in p ? html`<p>${p.text}</p>` : stepList(p.steps)}`)}
</div>`;
}

function evidenceTable(f: Finding): SafeHtml {
  const { shown, omitted } = take(Object.entries(f.evidence), LIMITS.evidenceEntries);
  if (shown.length === 0) return html``;
  return html`<table class="kv"><tbody>${shown.map(
    ([k, v]) => html`<tr><th scope="row">${clip(k, 80)}</th><td>${typeof v === 'number' ? fmtInt(v) : clip(String(v))}</td></tr>`,
  )}</tbody></table>${omittedNote(omitted, 'evidence entry')}`;
}

/** The file name only: the inputs section has the full path. */
function inputName(a: Analysis, index: number): string {
  const p = a.inputs[index]?.path;
  return p === undefined ? `input ${index}` : clip(p.slice(p.lastIndexOf('/') + 1), 120);
}

export function frameRow(a: Analysis, r: FrameRef): SafeHtml {
  return html`<tr>
<td>${inputName(a, r.input)}</td><td class="num">${fmtInt(r.frame)}</td><td>${fmtUtc(r.time)}</td>
<td class="flow">${clip(r.flow, 200)}</td><td>${r.layer} @${r.depth}</td>
<td><span class="badge v-${cssToken(r.verdict)}">${r.verdict}</span></td>
<td class="mono">${fmtHex4(r.stored)}</td><td class="mono">${r.expected === undefined ? '' : fmtHex4(r.expected)}</td>
<td>${r.direction}</td><td class="mono">${r.seq === undefined ? '' : `${r.seq}${r.flags ? ` ${r.flags}` : ''}`}</td>
</tr>`;
}

export const FRAME_HEAD = html`<tr><th>Input</th><th>Frame</th><th>Time</th><th>Flow</th><th>Layer @depth</th><th>Verdict</th><th>Stored</th><th>Expected</th><th>Direction</th><th>Seq / flags</th></tr>`;

function examplesTable(a: Analysis, f: Finding): SafeHtml {
  const { shown, omitted } = take(f.examples, LIMITS.examplesPerFinding);
  if (shown.length === 0) return html``;
  return html`<h4>Example frames</h4>
<div class="scroll"><table class="data"><thead>${FRAME_HEAD}</thead><tbody>${shown.map((r) => frameRow(a, r))}</tbody></table></div>
${omittedNote(omitted, 'example')}`;
}

function flowList(a: Analysis, f: Finding): SafeHtml {
  const { shown, omitted } = take(f.flows, LIMITS.flowIdsPerFinding);
  if (shown.length === 0) return html``;
  const points = findingPoints(a, f);
  return html`<h4>Flows involved</h4>
<ul class="flows">${shown.map((id) => html`<li class="mono">${clip(id, 200)}</li>`)}</ul>${omittedNote(omitted, 'flow')}
${points.length > 0 ? html`<p>Seen at: ${clip(points.join(', '), 600)}</p>` : ''}`;
}

function countedList(f: Finding): SafeHtml {
  const { shown, omitted } = take(f.counters ?? [], LIMITS.evidenceEntries);
  if (shown.length === 0) return html``;
  return html`<h4>Counted by the receivers</h4>
<ul class="counted">${shown.map((e) => html`<li>${clip(counterEvidenceLine(e), 600)}</li>`)}</ul>${omittedNote(omitted, 'counter line')}`;
}

/** The advice of a finding, or a pointer to the earlier finding whose article shows the same advice. */
function adviceOf(f: Finding, index: number, shownAt: Map<string, number>): SafeHtml {
  const ref = findingAdvice(f);
  if (ref === undefined) return html``;
  const key = JSON.stringify(ref);
  const first = shownAt.get(key);
  if (first !== undefined) return html`<p class="remedy">What to do: as for <a href="#finding-${first + 1}">finding ${first + 1}</a> above.</p>`;
  shownAt.set(key, index);
  return html`${resolveAdvice(ref).map((x, i) => adviceBlock(x, i > 0))}`;
}

function findingArticle(a: Analysis, f: Finding, index: number, shownAt: Map<string, number>): SafeHtml {
  return html`<article class="finding sev-${cssToken(f.severity)}" id="finding-${index + 1}">
<h3><span class="badge sev-${cssToken(f.severity)}">${f.severity}</span> ${KIND_TITLE[f.kind] ?? clip(f.kind, 80)}</h3>
<p class="summary">${clip(f.summary, 1000)}</p>
<p class="meta">${plural(f.count, 'occurrence')} · ${confidenceOf(f)} confidence · ${plural(f.flows.length, 'flow')}</p>
${f.remedy ? html`<p class="first-remedy"><strong>First remedy:</strong> ${clip(f.remedy, 2000)}</p>` : ''}
<h4>Evidence</h4>${evidenceTable(f)}
${countedList(f)}
${flowList(a, f)}
${examplesTable(a, f)}
${adviceOf(f, index, shownAt)}
</article>`;
}

export function renderFindings(a: Analysis): SafeHtml {
  const { shown, omitted } = take(orderFindings(a.findings), LIMITS.findings);
  if (shown.length === 0) {
    return html`<section id="findings"><h2>Findings</h2><p class="ok">No findings: no offload leak, corruption or black hole was seen.</p></section>`;
  }
  const faults = a.findings.filter(isFault).length;
  const notes = a.findings.length - faults;
  const shownAt = new Map<string, number>();
  return html`<section id="findings"><h2>Findings (${faults}${notes > 0 ? `, and ${plural(notes, 'note')}` : ''})</h2>
${shown.map((f, i) => findingArticle(a, f, i, shownAt))}${omittedNote(omitted, 'finding')}
</section>`;
}
