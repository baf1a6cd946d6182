// investigate's path as a picture (inline SVG, no script): each host a box holding its devices in
// the order frames cross them, the underlay between the hosts, every device coloured by what
// happened there (palette.ts HOP_STATE_COLORS) and marked with its capture point.

import type { Investigation, PathElement } from '../investigate/types.js';
import { cssToken, html, type SafeHtml } from './html-escape.js';
import { HOP_STATE_COLORS } from './palette.js';

const BOX_W = 118;
const BOX_H = 58;
const GAP = 22;
const PAD = 16;
const HOST_TOP = 34;

const KIND_LABEL: Record<PathElement['kind'], string> = { container: 'container', veth: 'veth', bridge: 'bridge', ovs: 'OVS', tunnel: 'tunnel', underlay: 'underlay' };

/** A name cut to what fits a box. */
const fit = (text: string, max = 15): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function device(e: PathElement, x: number, y: number): SafeHtml {
  const color = HOP_STATE_COLORS[e.state];
  return html`<g class="hop state-${cssToken(e.state)}" data-element="${e.id}" data-state="${e.state}" data-point="${e.point ?? ''}">
<title>${e.name}: ${e.detail} (${e.state})</title>
<rect x="${x}" y="${y}" width="${BOX_W}" height="${BOX_H}" rx="8" fill="${color}" stroke="#1d232b" stroke-width="${e.point ? 2 : 1}"${e.point ? '' : html` stroke-dasharray="4 3"`}/>
<text x="${x + BOX_W / 2}" y="${y + 18}" text-anchor="middle" class="k">${KIND_LABEL[e.kind]}</text>
<text x="${x + BOX_W / 2}" y="${y + 35}" text-anchor="middle" class="n">${fit(e.name)}</text>
<text x="${x + BOX_W / 2}" y="${y + 50}" text-anchor="middle" class="p">${e.point ? `captured: ${e.point}` : 'not captured'}</text>
</g>`;
}

export function renderPathSvg(r: Investigation): SafeHtml {
  const sides = (['from', 'to'] as const).map((s) => r.path.filter((e) => e.side === s));
  const oneHost = r.from.host === r.to.host && !r.path.some((e) => e.kind === 'underlay');
  const groups = oneHost ? [r.path] : sides;
  const widths = groups.map((g) => g.length * BOX_W + Math.max(0, g.length - 1) * GAP + 2 * PAD);
  const between = oneHost ? 0 : 70;
  const width = widths.reduce((a, b) => a + b, 0) + between + 2 * PAD;
  const height = HOST_TOP + BOX_H + 2 * PAD + 40;
  const positions = new Map<string, number>();
  const hosts: SafeHtml[] = [];
  let x = PAD;
  groups.forEach((g, i) => {
    const host = oneHost ? r.from.host : i === 0 ? r.from.host : r.to.host;
    const title = oneHost ? `${host}: ${r.from.container} → ${r.to.container}` : `${host}: ${i === 0 ? r.from.container : r.to.container}`;
    hosts.push(html`<g class="host" data-host="${host}"><rect x="${x}" y="${PAD}" width="${widths[i]!}" height="${HOST_TOP + BOX_H + PAD}" rx="10" fill="#f6f8fa" stroke="#5d6673"/><text x="${x + PAD}" y="${PAD + 20}" class="h">${title}</text></g>`);
    g.forEach((e, j) => positions.set(e.id, x + PAD + j * (BOX_W + GAP)));
    x += widths[i]! + between;
  });
  const y = PAD + HOST_TOP;
  const links: SafeHtml[] = [];
  r.path.forEach((e, i) => {
    const next = r.path[i + 1];
    if (next === undefined) return;
    const x1 = positions.get(e.id)! + BOX_W;
    const x2 = positions.get(next.id)!;
    // The link into a device takes that device's colour: what happened on the way there.
    links.push(html`<line class="link" data-to="${next.id}" x1="${x1}" y1="${y + BOX_H / 2}" x2="${x2}" y2="${y + BOX_H / 2}" stroke="${HOP_STATE_COLORS[next.state]}" stroke-width="4" marker-end="url(#arrow)"/>`);
  });
  const legend = Object.entries(HOP_STATE_COLORS).map(
    ([state, color], i) => html`<g class="legend" data-state="${state}"><rect x="${PAD + i * 130}" y="${height - 26}" width="14" height="14" fill="${color}"/><text x="${PAD + i * 130 + 20}" y="${height - 14}" class="l">${state}</text></g>`,
  );
  return html`<figure class="path"><svg xmlns="http://www.w3.org/2000/svg" id="path-picture" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="the path from ${r.from.container} to ${r.to.container}">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="3" markerHeight="3" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#1d232b"/></marker></defs>
${hosts}
${links}
${r.path.map((e) => device(e, positions.get(e.id)!, y))}
${legend}
</svg><figcaption>Frames go left to right. A solid border is a capture point; a dashed one was not captured (its state comes from the points around it).</figcaption></figure>`;
}
