// The receivers' checksum counters in words, for the terminal and the HTML report alike:
// "receiver ovsf-hostB: UdpInCsumErrors +37 during the capture (12.3 s)".

import type { CounterEvidence, PointCounters } from '../analyze/receiver-counters.js';

function increases(counters: Record<string, number>): string {
  return Object.entries(counters)
    .map(([k, v]) => `${k} +${v}`)
    .join(', ');
}

export function counterEvidenceLine(e: CounterEvidence): string {
  return `${e.receiver ? 'receiver ' : ''}${e.netns}: ${increases(e.counters)} during the capture (${e.seconds} s)`;
}

/** One point's counters: those that moved, or that none did. */
export function pointCountersLine(p: PointCounters): string {
  const moved = Object.fromEntries(Object.entries({ ...p.kernel, ...p.nic }).filter(([, v]) => v > 0));
  const what = Object.keys(moved).length > 0 ? increases(moved) : 'no checksum drops counted';
  return `${p.netns} ${p.iface}: ${what} over ${p.seconds} s`;
}
