// The receivers' own checksum counters over a capture, as `ovsforensics capture` stores them: one
// JSON record per capture point in the opt_comment of its pcapng Interface Statistics Block,
// behind the tag `ovsforensics.counters/1`, so the file alone carries them (Wireshark shows the text).

import type { CaptureSummary } from '../pcap/types.js';

export const COUNTERS_TAG = 'ovsforensics.counters/1';

/** What one capture point's namespace and interface counted while the capture ran. */
export interface PointCounters {
  /** The capture point: the pcapng interface's name. */
  point: string;
  /** The namespace as the capture named it: a container, a netns name, pid:N or default. */
  netns: string;
  iface: string;
  /** The namespace's addresses, which tell the point a finding's frames were addressed to. */
  addresses: string[];
  seconds: number;
  /** Increase of the namespace's checksum drop counters, by nstat name (UdpInCsumErrors…). */
  kernel: Record<string, number>;
  /** Increase of the interface driver's checksum counters, by ethtool -S name. */
  nic: Record<string, number>;
}

/** A finding's confirmation from a namespace's counters. */
export interface CounterEvidence {
  netns: string;
  point: string;
  /** The finding's frames were addressed to this namespace; otherwise only its counters moved. */
  receiver: boolean;
  /** The counters that bear on the finding and their increase. */
  counters: Record<string, number>;
  seconds: number;
}

export function encodeCounters(c: PointCounters): string {
  return `${COUNTERS_TAG} ${JSON.stringify(c)}`;
}

const isCounts = (v: unknown): v is Record<string, number> => typeof v === 'object' && v !== null && Object.values(v).every((x) => typeof x === 'number' && Number.isFinite(x));

/** The record of a comment written by encodeCounters; undefined for any other comment, or a damaged one. */
export function decodeCounters(comment: string): PointCounters | undefined {
  if (!comment.startsWith(`${COUNTERS_TAG} `)) return undefined;
  let v: Partial<PointCounters>;
  try {
    v = JSON.parse(comment.slice(COUNTERS_TAG.length + 1)) as Partial<PointCounters>;
  } catch {
    return undefined;
  }
  const ok =
    typeof v.point === 'string' &&
    typeof v.netns === 'string' &&
    typeof v.iface === 'string' &&
    Array.isArray(v.addresses) &&
    v.addresses.every((a) => typeof a === 'string') &&
    typeof v.seconds === 'number' &&
    isCounts(v.kernel) &&
    isCounts(v.nic);
  return ok ? { point: v.point!, netns: v.netns!, iface: v.iface!, addresses: v.addresses!, seconds: v.seconds!, kernel: v.kernel!, nic: v.nic! } : undefined;
}

/** Every counter record in the files' statistics blocks, in file and interface order. */
export function countersOf(summaries: readonly CaptureSummary[]): PointCounters[] {
  return summaries.flatMap((s) => s.interfaces.flatMap((i) => (i.stats?.comments ?? []).flatMap((c) => decodeCounters(c) ?? [])));
}
