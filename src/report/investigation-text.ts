// `investigate` for the terminal: the headline first, then the path with what happened at each
// place, the findings, the hosts' clocks, the change to make, and what --fix or --revert did.

import type { FixStep, Investigation, ProbeSummary } from '../investigate/types.js';
import { printable } from '../text/printable.js';
import { hostClockLines } from './correlation-text.js';

const STATE_MARK = { clean: 'ok', damaged: 'DAMAGED', dropped: 'DROPPED', 'not-captured': '·' } as const;

function probeLine(p: ProbeSummary): string {
  const t = p.transfer;
  const integrity = t.intact ? 'intact' : `NOT intact (${t.delivered} of ${t.bytes} bytes${t.connected ? '' : ', never connected'}${t.stalled ? ', stalled' : ''})`;
  const pings = p.pings.length === 0 ? '' : `; pings ${p.pings.map((x) => `${x.payload}${x.dontFragment ? ' DF' : ''}:${x.received}/${x.sent}`).join(' ')}${p.sizeThreshold === undefined ? '' : `, sizes stop crossing between ${p.sizeThreshold.largestOk} and ${p.sizeThreshold.smallestLost} bytes`}`;
  return `${integrity}, ${t.throughputMBps.toFixed(1)} MB/s, sha256 ${t.sentSha256.slice(0, 12)}… → ${t.receivedSha256.slice(0, 12) || '(none)'}…${pings}`;
}

function stepLines(title: string, steps: readonly FixStep[]): string[] {
  return [
    title,
    ...steps.map((s) => {
      const o = s.outcome;
      const what = o === undefined ? s.note : o.unchanged ? 'nothing to change' : o.changes.map((c) => `${c.name} ${c.from} → ${c.to}`).join(', ');
      return `  ${s.host} ${s.container}: ${what}${o?.snapshot.status && o.snapshot.status !== 'none' ? ` (snapshot ${o.snapshot.status}: ${o.snapshot.path})` : ''}`;
    }),
  ];
}

export function renderInvestigationText(r: Investigation): string {
  const lines = [
    `investigate ${r.from.host}:${r.from.container} → ${r.to.host}:${r.to.container}`,
    `  ${r.fix === undefined ? r.headline : `${r.headline}; after the fix: probe ${r.fix.intact ? 'intact' : 'still NOT intact'}`}`,
    '',
    'path:',
    ...r.path.map((e) => `  ${STATE_MARK[e.state].padEnd(8)} ${e.side === 'from' ? r.from.host : r.to.host} ${e.kind} ${e.name}${e.point ? ` [${e.point}]` : ''}: ${e.detail}`),
  ];
  if (r.fault) lines.push(`at fault: ${r.fault.from} → ${r.fault.to} (${r.fault.state}): ${r.fault.why}`);
  lines.push('', `probe: ${probeLine(r.probe)}`);
  lines.push('capture points:', ...r.points.map((p) => `  ${p.name.padEnd(6)} ${p.label ?? '(not captured)'}: ${p.packets} packets, ${p.dropped} dropped${Object.keys(p.countersMoved).length ? `; counters moved: ${Object.entries(p.countersMoved).map(([k, v]) => `${k} +${v}`).join(', ')}` : ''}`));
  if (r.hops.length > 0) lines.push('hops:', ...r.hops.map((h) => `  ${h.from} → ${h.to}: ${h.matched} matched, ${h.altered} altered, ${h.lost} lost`));
  lines.push('', r.findings.length === 0 ? 'findings: none' : 'findings:', ...r.findings.map((f) => `  [${f.severity}] ${f.kind}: ${f.summary}`));
  for (const h of r.hosts) {
    const risks = h.doctor.risks.map((x) => `${x.id} (${x.severity})`).join(', ') || 'none';
    lines.push(`doctor on ${h.host} (${h.container}): risks ${risks}`);
  }
  if (r.hostClocks) lines.push(...hostClockLines(r.hostClocks));
  if (r.recommendations.length > 0) {
    lines.push('', 'recommendation:');
    for (const p of r.recommendations) lines.push(`  ${p.advice} on ${p.container} (${p.host}) (${p.adviceSide}): ${p.summary}`, ...p.commands.map((c) => `    $ ${c}`));
  }
  if (r.fixNotApplied) lines.push('', `--fix: nothing changed, no second probe: ${r.fixNotApplied.reason}`, ...(r.fixNotApplied.commands.length > 0 ? ['  by hand:', ...r.fixNotApplied.commands.map((c) => `    $ ${c}`)] : []));
  if (r.reverted) lines.push('', ...stepLines('reverted:', r.reverted));
  if (r.fix) {
    lines.push('', ...stepLines('fixed:', r.fix.steps));
    lines.push(`  probe before: ${probeLine(r.probe)}`, `  probe after:  ${probeLine(r.fix.probe)}`);
  }
  lines.push('', `capture: ${r.capture.file} (${r.capture.seconds.toFixed(1)} s); investigated in ${r.seconds.toFixed(1)} s`);
  return `${lines.map(printable).join('\n')}\n`;
}
