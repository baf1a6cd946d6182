// Where the evidence came from: capture files and their interfaces, capture points, host facts.

import { VERDICTS } from '../checksum/types.js';
import type { Analysis } from '../analyze/types.js';
import { clip, fmtBytes, fmtInt } from './format.js';
import { html, SafeHtml } from './html-escape.js';
import { omittedNote } from './html-findings.js';
import { LIMITS, take } from './limits.js';
import type { HostFacts } from './report-types.js';

function inputsTable(a: Analysis): SafeHtml {
  const { shown, omitted } = take(a.inputs, LIMITS.inputs);
  return html`<div class="scroll"><table class="data"><thead><tr><th>#</th><th>File</th><th>Format</th><th>Packets</th><th>Bytes</th><th>Interfaces</th><th>Read</th></tr></thead><tbody>
${shown.map((i, n) => {
  const ifs = take(i.interfaces ?? [], LIMITS.interfacesPerInput);
  const names = ifs.shown.map((f) => `${f.id}: ${clip(f.name ?? 'unnamed', 200)} (link type ${f.linkType})`);
  if (ifs.omitted > 0) names.push(`${ifs.omitted} more`);
  return html`<tr><td class="num">${n}</td><td class="path">${clip(i.path, 300)}</td><td>${i.format}${i.gzip ? ' (gzip)' : ''}</td>
<td class="num">${fmtInt(i.packets)}</td><td class="num">${fmtBytes(i.bytes)}</td><td>${names.join('; ')}</td>
<td>${i.error === undefined ? 'complete' : html`<span class="error">stopped early: ${clip(i.error, 500)}</span>`}${i.warning === undefined ? '' : html`<br><span class="small">read on past: ${clip(i.warning, 500)}</span>`}</td></tr>`;
})}
</tbody></table></div>${omittedNote(omitted, 'input')}`;
}

function pointsTable(a: Analysis): SafeHtml {
  const { shown, omitted } = take(a.points, LIMITS.points);
  if (shown.length === 0) return html``;
  return html`<h3>Capture points</h3>
<div class="scroll"><table class="data"><thead><tr><th>Point</th><th>Input</th><th>Interface</th><th>Direction</th><th>Packets</th>${VERDICTS.map((v) => html`<th>${v}</th>`)}</tr></thead><tbody>
${shown.map(
  (p) => html`<tr><td>${clip(p.name, 200)}</td><td class="num">${p.input}</td><td class="num">${p.interfaceId ?? ''}</td><td>${p.direction ?? 'unknown (not declared)'}</td>
<td class="num">${fmtInt(p.packets)}</td>${VERDICTS.map((v) => html`<td class="num">${fmtInt(p.segments[v] ?? 0)}</td>`)}</tr>`,
)}
</tbody></table></div>${omittedNote(omitted, 'capture point')}
<p class="small">Where a direction is unknown, offload verdicts there cannot be told benign (leaving the sender) from a leak (arriving); declare it with --point NAME:role.</p>`;
}

function hostSection(h: HostFacts): SafeHtml {
  const facts: [string, string | undefined][] = [
    ['Hostname', h.hostname],
    ['Kernel', h.kernel],
    ['Open vSwitch', h.ovsVersion],
    ['Collected at', h.collectedAt],
  ];
  const containers = take(h.containers ?? [], LIMITS.hostEntries);
  const ifaces = take(h.interfaces ?? [], LIMITS.hostEntries);
  const notes = take(h.notes ?? [], LIMITS.hostEntries);
  const offloads = (o: Record<string, boolean | string> | undefined): string =>
    clip(Object.entries(o ?? {}).map(([k, v]) => `${k}: ${v === true ? 'on' : v === false ? 'off' : v}`).join(', '), 1000);
  return html`<h3>Host facts</h3>
<table class="kv"><tbody>${facts
    .filter((f) => f[1] !== undefined)
    .map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${clip(String(v), 300)}</td></tr>`)}</tbody></table>
${containers.shown.length > 0
  ? html`<h4>Containers</h4><div class="scroll"><table class="data"><thead><tr><th>Name</th><th>PID</th><th>Runtime</th><th>Netns</th><th>Interfaces</th></tr></thead><tbody>${containers.shown.map(
      (c) => html`<tr><td>${clip(c.name, 200)}</td><td class="num">${c.pid ?? ''}</td><td>${clip(c.runtime ?? '', 80)}</td><td>${clip(c.netns ?? '', 200)}</td><td>${clip((c.interfaces ?? []).join(', '), 300)}</td></tr>`,
    )}</tbody></table></div>${omittedNote(containers.omitted, 'container')}`
  : ''}
${ifaces.shown.length > 0
  ? html`<h4>Interfaces</h4><div class="scroll"><table class="data"><thead><tr><th>Name</th><th>Netns</th><th>Driver</th><th>MTU</th><th>Offloads</th></tr></thead><tbody>${ifaces.shown.map(
      (i) => html`<tr><td>${clip(i.name, 200)}</td><td>${clip(i.netns ?? '', 200)}</td><td>${clip(i.driver ?? '', 80)}</td><td class="num">${i.mtu ?? ''}</td><td>${offloads(i.offloads)}</td></tr>`,
    )}</tbody></table></div>${omittedNote(ifaces.omitted, 'interface')}`
  : ''}
${notes.shown.length > 0 ? html`<ul>${notes.shown.map((n) => html`<li>${clip(n, 1000)}</li>`)}</ul>${omittedNote(notes.omitted, 'note')}` : ''}`;
}

export function renderInputs(a: Analysis, host: HostFacts | undefined, before: Analysis | undefined): SafeHtml {
  return html`<section id="inputs"><h2>Inputs</h2>
${inputsTable(a)}
${before ? html`<h3>Inputs of the "before" analysis</h3>${inputsTable(before)}` : ''}
${pointsTable(a)}
${host ? hostSection(host) : html`<p class="small">No host facts were attached (ovsforensics doctor collects them).</p>`}
</section>`;
}
