// The analysis result: exactly the `analyze --json` contract ("ovsforensics.analysis/1",
// docs/schema/analysis.schema.json: change both together), with the detail sections the HTML
// report reads. Every field is plain JSON.

import type { ChecksumLayer, Verdict } from '../checksum/types.js';
import type { CaptureFormat, Direction } from '../pcap/types.js';
import type { AdviceRef } from '../remedy/advice/types.js';
import type { CounterEvidence, PointCounters } from './receiver-counters.js';

export const ANALYSIS_SCHEMA = 'ovsforensics.analysis/1';

export type VerdictCounts = Record<Verdict, number>;

export const FINDING_KINDS = ['offload-leak', 'corruption', 'blackhole', 'checksum-blind', 'tunnel-checksum', 'offload-unconfirmed'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];
/** `info` is a note (nothing shown to be wrong); every other severity makes the exit status 1. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface AnalysisInput {
  path: string;
  format: CaptureFormat;
  gzip: boolean;
  packets: number;
  bytes: number;
  /** Why reading stopped early: the file, the byte offset and what was wrong there. */
  error?: string;
  /** The first record read although the file's header rules it out, as libpcap reads it (file, offset, why). */
  warning?: string;
  interfaces: { id: number; name?: string; linkType: number }[];
}

/** One capture point: an input file, or one interface of a pcapng, or a --point name. */
export interface CapturePoint {
  name: string;
  input: number;
  interfaceId?: number;
  direction?: Direction;
  packets: number;
  segments: VerdictCounts;
}

/** A frame quoted as evidence. */
export interface FrameRef {
  /** Index into `inputs`. */
  input: number;
  frame: number;
  /** Seconds since the epoch, with fraction. */
  time: number;
  flow: string;
  layer: ChecksumLayer;
  depth: number;
  verdict: Verdict;
  stored: number;
  expected?: number;
  direction: Direction;
  /** TCP sequence number and flags, for TCP. */
  seq?: number;
  flags?: string;
}

export interface Finding {
  kind: FindingKind;
  severity: Severity;
  /** One line: what, where, how many. */
  summary: string;
  count: number;
  /** Ids of the flows involved (see `flows[].id`). */
  flows: string[];
  /** The first remedy in words. */
  remedy?: string;
  /** The known cause it points to (src/remedy/advice) and the facts to fill into its commands. */
  advice?: AdviceRef;
  /** Counts and facts behind the summary. */
  evidence: Record<string, number | string | boolean>;
  examples: FrameRef[];
  /** What the receivers' own checksum counters said during the capture, when it recorded them. */
  counters?: CounterEvidence[];
}

export interface TunnelRef {
  kind: string;
  vni?: number;
  outerSrc: string;
  outerDst: string;
}

export interface FlowSummary {
  /** Stable id, e.g. "tcp 10.10.0.1:40000 > 10.10.0.2:5101 vni 42". */
  id: string;
  protocol: 'tcp' | 'udp';
  src: string;
  srcPort: number;
  dst: string;
  dstPort: number;
  tunnel?: TunnelRef;
  /** Capture points the flow was seen at. */
  points: string[];
  packets: number;
  /** Bytes of innermost payload. */
  bytes: number;
  segments: VerdictCounts;
  retransmissions: number;
  firstSeen: number;
  lastSeen: number;
}

export interface TimelineBucket {
  /** Start of the bucket, seconds since the epoch. */
  start: number;
  seconds: number;
  segments: VerdictCounts;
}

/** Verdict counts of every checksum at one layer and encapsulation depth. */
export interface LayerCounts {
  layer: ChecksumLayer;
  depth: number;
  counts: VerdictCounts;
}

/** A damaged segment with bytes to show: stored vs expected checksum and a hex window. */
export interface CorruptDetail extends FrameRef {
  /** Hex of the innermost L4 header (or ICMP/IGMP message) and the start of its payload. */
  hex: string;
  /** Offset within the frame where `hex` starts. */
  hexOffset: number;
}

export interface Analysis {
  schema: typeof ANALYSIS_SCHEMA;
  generatedAt: string;
  inputs: AnalysisInput[];
  packets: number;
  /** Verdicts of the innermost TCP/UDP segment of each packet. */
  segments: VerdictCounts;
  findings: Finding[];
  flows: FlowSummary[];
  /** Flows beyond the table's cap, left out of `flows`. */
  flowsOmitted: number;
  timeline: TimelineBucket[];
  points: CapturePoint[];
  layers: LayerCounts[];
  corrupt: CorruptDetail[];
  corruptOmitted: number;
  /** Packets whose headers contradicted themselves or nested past the depth limit (decoding stopped there). */
  invalidPackets: number;
  truncatedPackets: number;
  /** Why some segments are unverifiable, with counts. */
  unverifiableReasons: Record<string, number>;
  /** The receivers' checksum counters over the capture, when `ovsforensics capture` recorded them. */
  receiverCounters?: PointCounters[];
}

export function emptyCounts(): VerdictCounts {
  return { valid: 0, offload: 0, corrupt: 0, unverifiable: 0, absent: 0 };
}

/** counts[verdict]++ with a named field per verdict: a computed key costs a megamorphic lookup per frame. */
export function countVerdict(counts: VerdictCounts, verdict: Verdict): void {
  switch (verdict) {
    case 'valid':
      counts.valid++;
      return;
    case 'offload':
      counts.offload++;
      return;
    case 'corrupt':
      counts.corrupt++;
      return;
    case 'unverifiable':
      counts.unverifiable++;
      return;
    case 'absent':
      counts.absent++;
  }
}
