// fix --verify: a short capture on the target's interface through the capture engine (the one
// `capture` uses), analyzed as it runs; the fix holds when traffic crossed and no segment carries
// an unfinished checksum any more.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VerdictCounts } from '../analyze/types.js';
import { runCapture } from '../capture/index.js';
import { targetPoint } from '../capture/point.js';
import type { Target } from './types.js';

export interface VerifyResult {
  verified: boolean;
  /** One line: why it holds or not. */
  reason: string;
  seconds: number;
  /** The capture, kept as evidence (analyze it for the full picture). */
  capture: string;
  packets: number;
  segments: VerdictCounts;
  findings: { kind: string; summary: string }[];
}

/** Kinds that mean checksums are still left unfinished on this path. */
const OFFLOAD_KINDS = new Set(['offload-leak', 'blackhole']);

const FILTER = ['tcp', 'or', 'udp'];

/**
 * Captures for `seconds` once the capture is listening; onListening is told that moment, so
 * whoever drives the workload starts it then and not before (a short transfer could otherwise be
 * over).
 */
export async function verifyCapture(t: Target, seconds: number, onListening: (what: string) => void = () => {}): Promise<VerifyResult> {
  const capture = join(mkdtempSync(join(tmpdir(), 'ovsforensics-verify-')), `${t.iface}.pcapng`);
  const result = await runCapture({
    targets: [],
    points: [await targetPoint(t)],
    ovsPorts: [],
    ovsDb: '',
    span: false,
    filter: FILTER,
    output: { path: capture },
    durationMs: seconds * 1000,
    snapLen: 262_144,
    bufferBytes: 8 * 1024 * 1024,
    // fix reports the verdict, not how the engine captured (native or tcpdump).
    notice: () => {},
    onCapturing: () => onListening(`capturing on ${t.iface} of ${t.name} for ${seconds} s`),
  });
  // Analysed as it ran: analysis is only left out when asked (capture --no-analysis).
  const analysis = result.analysis!;
  const findings = analysis.findings.map((f) => ({ kind: f.kind, summary: f.summary }));
  const s = analysis.segments;
  const base = { seconds, capture, packets: analysis.packets, segments: s, findings };
  if (analysis.packets === 0) return { ...base, verified: false, reason: `no TCP or UDP packet crossed ${t.iface} in ${seconds} s: run the workload while --verify captures` };
  const left = findings.filter((f) => OFFLOAD_KINDS.has(f.kind));
  if (s.offload > 0 || left.length > 0) {
    return { ...base, verified: false, reason: `${s.offload} of ${analysis.packets} segments still carry an unfinished checksum${left.length ? ` (${left.map((f) => f.kind).join(', ')})` : ''}` };
  }
  return { ...base, verified: true, reason: `${analysis.packets} packets in ${seconds} s, no unfinished checksum (valid ${s.valid}, corrupt ${s.corrupt}, unverifiable ${s.unverifiable})` };
}
