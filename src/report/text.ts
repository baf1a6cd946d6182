// The terminal renderer of an Analysis: findings and what to do about them first, then verdict
// counts, inputs and top flows.
// Plain text, fixed column widths, no colour, so it reads the same in a log or a ticket.

import { endpoint } from '../analyze/endpoint.js';
import { isFault } from '../analyze/findings.js';
import { findingAdvice } from '../analyze/remedies.js';
import type { Analysis, Finding, FlowSummary, VerdictCounts } from '../analyze/types.js';
import { renderFindingsAdvice } from './advice-text.js';
import { counterEvidenceLine, pointCountersLine } from './counters-text.js';
import { fmtInt } from './format.js';
import { printable } from '../text/printable.js';

const TOP_FLOWS = 10;

function mb(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
}

function counts(c: VerdictCounts): string {
  return `valid ${fmtInt(c.valid)}  offload ${fmtInt(c.offload)}  corrupt ${fmtInt(c.corrupt)}  unverifiable ${fmtInt(c.unverifiable)}  absent ${fmtInt(c.absent)}`;
}

function pad(s: string, w: number): string {
  return s.length >= w ? s : s + ' '.repeat(w - s.length);
}

function padLeft(s: string, w: number): string {
  return s.length >= w ? s : ' '.repeat(w - s.length) + s;
}

/** A finding as text lines: summary, flows, example frames, remedy, its advice's id (also used by correlate). */
export function renderFinding(f: Finding): string[] {
  const lines = [`${f.severity.toUpperCase()} ${f.kind}: ${f.summary}`];
  if (f.flows.length > 0) lines.push(`  flows: ${f.flows.slice(0, 3).join('; ')}${f.flows.length > 3 ? ` (+${f.flows.length - 3} more)` : ''}`);
  const ex = f.examples.slice(0, 3).map((e) => `#${e.frame}${e.expected !== undefined ? ` ${e.layer} 0x${e.stored.toString(16).padStart(4, '0')}→0x${e.expected.toString(16).padStart(4, '0')}` : ''}`);
  if (ex.length > 0) lines.push(`  frames: ${ex.join(', ')}`);
  for (const e of f.counters ?? []) lines.push(`  counted: ${counterEvidenceLine(e)}`);
  if (f.remedy) lines.push(`  remedy: ${f.remedy}`);
  const advice = findingAdvice(f);
  if (advice) lines.push(`  advice: ${advice.id} (below)`);
  return lines;
}

function flowRow(f: FlowSummary): string {
  const src = endpoint(f.src, f.srcPort);
  const dst = endpoint(f.dst, f.dstPort);
  const vni = f.tunnel?.vni !== undefined ? String(f.tunnel.vni) : '-';
  return [
    pad(f.protocol, 4),
    pad(src, 23),
    pad(dst, 23),
    padLeft(vni, 5),
    padLeft(fmtInt(f.packets), 9),
    padLeft(mb(f.bytes), 10),
    padLeft(fmtInt(f.segments.valid), 8),
    padLeft(fmtInt(f.segments.offload), 8),
    padLeft(fmtInt(f.segments.corrupt), 8),
    padLeft(fmtInt(f.retransmissions), 8),
  ].join(' ');
}

export function renderAnalysisText(a: Analysis): string {
  const out: string[] = [];
  const bytes = a.inputs.reduce((s, i) => s + i.bytes, 0);
  const faults = a.findings.filter(isFault).length;
  const notes = a.findings.length - faults;
  const head = (faults === 0 ? 'no problems found' : `${faults} finding${faults > 1 ? 's' : ''}`) + (notes > 0 ? ` (${notes} note${notes > 1 ? 's' : ''})` : '');
  const stopped = a.inputs.filter((i) => i.error !== undefined).length;
  // A capture that could not be read to its end proves nothing about what came after.
  const scope = stopped === 0 ? '' : `; ${stopped} stopped at a bad record, results cover what came before it`;
  out.push(`ovsforensics: ${head} in ${a.inputs.length} capture${a.inputs.length > 1 ? 's' : ''} (${fmtInt(a.packets)} packets, ${mb(bytes)})${scope}`);
  out.push('');
  for (const f of a.findings) out.push(...renderFinding(f), '');
  out.push(...renderFindingsAdvice(a.findings));
  out.push(`segments (innermost TCP/UDP): ${counts(a.segments)}`);
  for (const l of a.layers) out.push(`  ${pad(`${l.layer} depth ${l.depth}`, 15)} ${counts(l.counts)}`);
  const reasons = Object.entries(a.unverifiableReasons);
  if (reasons.length > 0) out.push(`  not checked: ${reasons.map(([why, c]) => `${why} ${fmtInt(c)}`).join(', ')}`);
  if (a.invalidPackets + a.truncatedPackets > 0) out.push(`  frames with invalid headers ${fmtInt(a.invalidPackets)}, cut by snaplen ${fmtInt(a.truncatedPackets)}`);
  out.push('');
  out.push('inputs:');
  for (const i of a.inputs) {
    out.push(`  ${i.path}  ${i.format}${i.gzip ? '.gz' : ''}  ${fmtInt(i.packets)} packets  ${mb(i.bytes)}${i.error ? `  STOPPED: ${i.error}` : ''}`);
  }
  if (a.points.length > 1) {
    out.push('points:');
    for (const p of a.points) out.push(`  ${pad(p.name, 24)} ${fmtInt(p.packets)} packets  ${counts(p.segments)}`);
  }
  if (a.receiverCounters) {
    out.push('checksum counters of the capture points\' namespaces and interfaces during the capture:');
    for (const c of a.receiverCounters) out.push(`  ${pointCountersLine(c)}`);
  }
  if (a.flows.length > 0) {
    out.push('');
    out.push(`top flows (${Math.min(TOP_FLOWS, a.flows.length)} of ${fmtInt(a.flows.length + a.flowsOmitted)}):`);
    out.push(
      [pad('prot', 4), pad('source', 23), pad('destination', 23), padLeft('vni', 5), padLeft('packets', 9), padLeft('payload', 10), padLeft('valid', 8), padLeft('offload', 8), padLeft('corrupt', 8), padLeft('retrans', 8)].join(' '),
    );
    for (const f of a.flows.slice(0, TOP_FLOWS)) out.push(flowRow(f));
  }
  // Point, interface and file names come from the captures: each line is made printable whole.
  return `${out.map(printable).join('\n')}\n`;
}
