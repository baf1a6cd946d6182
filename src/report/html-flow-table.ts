// Rows of the sortable, filterable flow table: the flows with most problems first, capped.

import type { Analysis, FlowSummary } from '../analyze/types.js';
import { clip, fmtInt, fmtUtc } from './format.js';
import { byProblems } from './html-charts.js';
import { LIMITS } from './limits.js';
import type { FlowTableData, TableColumn } from './report-types.js';

export interface FlowTable {
  data: FlowTableData;
  /** One sentence on what is shown and what was left out, by this report and by the analyzer. */
  note: string;
}

const COLUMNS: TableColumn[] = [
  { label: 'Flow', numeric: false, className: 'flow' },
  { label: 'Packets', numeric: true },
  { label: 'Payload bytes', numeric: true },
  { label: 'Valid', numeric: true },
  { label: 'Offload', numeric: true, alertClass: 'v-offload' },
  { label: 'Corrupt', numeric: true, alertClass: 'v-corrupt' },
  { label: 'Unverifiable', numeric: true },
  { label: 'Absent', numeric: true },
  { label: 'Retransmissions', numeric: true, alertClass: 'v-retrans' },
  { label: 'Tunnel', numeric: false },
  { label: 'Capture points', numeric: false, className: 'points' },
  { label: 'First seen (UTC)', numeric: false },
  { label: 'Duration s', numeric: true },
];

function tunnelText(f: FlowSummary): string {
  const t = f.tunnel;
  if (t === undefined) return '';
  return clip(`${t.kind}${t.vni === undefined ? '' : ` vni ${t.vni}`} ${t.outerSrc} > ${t.outerDst}`, 120);
}

function row(f: FlowSummary): FlowTableData['rows'][number] {
  const s = f.segments;
  return {
    cells: [
      clip(f.id, 200),
      f.packets,
      f.bytes,
      s.valid ?? 0,
      s.offload ?? 0,
      s.corrupt ?? 0,
      s.unverifiable ?? 0,
      s.absent ?? 0,
      f.retransmissions,
      tunnelText(f),
      clip(f.points.join(', '), 200),
      fmtUtc(f.firstSeen).replace(' UTC', ''),
      Math.round((f.lastSeen - f.firstSeen) * 1000) / 1000,
    ],
    problem: (s.offload ?? 0) + (s.corrupt ?? 0) + f.retransmissions > 0,
  };
}

export function buildFlowTable(a: Analysis): FlowTable {
  const sorted = [...a.flows].sort(byProblems);
  const shown = sorted.slice(0, LIMITS.flowRows);
  const cut = sorted.length - shown.length;
  const total = a.flows.length + a.flowsOmitted;
  const parts = [`${fmtInt(shown.length)} of ${fmtInt(total)} flows`];
  if (cut > 0) parts.push(`${fmtInt(cut)} left out of this report (the flows with fewest problems)`);
  if (a.flowsOmitted > 0) parts.push(`${fmtInt(a.flowsOmitted)} left out by the analyzer`);
  return { data: { columns: COLUMNS, rows: shown.map(row) }, note: `${parts.join('; ')}.` };
}
