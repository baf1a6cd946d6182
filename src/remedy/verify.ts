// fix --verify: a short capture on the target's interfaces, analyzed like any capture; the fix
// holds when traffic crossed and no segment carries an unfinished checksum any more.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VerdictCounts } from '../analyze/types.js';
import { analyze } from '../analyze/analyze-files.js';
import { tcpdumpStart, type TcpdumpHandle } from '../host/tcpdump.js';
import { withUndo } from '../host/undo.js';
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

// Every interface but loopback: `any` records each packet's direction, which one interface does not.
const FILTER = ['(tcp', 'or', 'udp)', 'and', 'not', 'net', '127.0.0.0/8'];

/**
 * Captures for `seconds` once tcpdump is listening; onListening is told that moment, so whoever
 * drives the workload starts it then and not before (a short transfer could otherwise be over).
 */
export async function verifyCapture(t: Target, seconds: number, onListening: (what: string) => void = () => {}): Promise<VerifyResult> {
  const capture = join(mkdtempSync(join(tmpdir(), 'ovsforensics-verify-')), `${t.iface}.pcap`);
  let handle: TcpdumpHandle | undefined;
  const stop = async (): Promise<void> => {
    const h = handle;
    handle = undefined;
    if (h) await h.stop();
  };
  await withUndo(async (signal) => {
    handle = await tcpdumpStart(t.netns, 'any', capture, FILTER, (seconds + 30) * 1000);
    onListening(`capturing on ${t.iface} of ${t.name} for ${seconds} s`);
    await wait(seconds * 1000, signal);
    await stop();
  }, stop);
  const { analysis } = await analyze({ captures: [{ path: capture, point: `${t.iface}@${t.name}` }] });
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

/** Sleeps, ending early when a signal arrives so the capture is stopped at once. */
function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
