// The correlation result: the `correlate --json` contract ("ovsforensics.correlation/1",
// docs/schema/correlation.schema.json: change both together), with the detail sections (altered
// segments with hex, damage patterns). Plain JSON only.

import type { Verdict } from '../../checksum/types.js';
import type { CaptureFormat } from '../../pcap/types.js';
import type { PointCounters } from '../receiver-counters.js';
import type { Finding } from '../types.js';

export const CORRELATION_SCHEMA = 'ovsforensics.correlation/1';

export interface CorrelationInput {
  path: string;
  format: CaptureFormat;
  packets: number;
  bytes: number;
  /** Why reading stopped early: the file, the byte offset and what was wrong there. */
  error?: string;
  /** The first record read although the file's header rules it out, as libpcap reads it (file, offset, why). */
  warning?: string;
}

export interface CorrelationPoint {
  name: string;
  /** The host whose clock stamped it: the first field of its HOST/NETNS/IFACE interface name, else its file. */
  host: string;
  /** Index into `inputs`. */
  input: number;
  interfaceId?: number;
  packets: number;
  /** Innermost TCP/UDP segments seen here. */
  segments: number;
  /** Segments missing here but seen on both sides of this point (or delivered after it): not losses. */
  captureDrops: number;
  /** Drops the capture tool itself counted (pcapng ISB ifdrop + osdrop), when the file has them. */
  reportedDrops?: number;
  /** What this point's namespace and interface counted during the capture, when it recorded that. */
  counters?: PointCounters;
  /** This point's clock minus the first point's, as estimated from matched segments (seconds). */
  clockOffset: number;
  clockSamples: number;
}

export interface HopClock {
  /** Clock of `to` minus clock of `from`, seconds. */
  offset: number;
  /** One-way transit time, when traffic in both directions allowed separating it from the offset. */
  transit?: number;
  /** two-way: offset and transit told apart; one-way: offset includes the transit time. */
  method: 'two-way' | 'one-way';
  samples: number;
}

export interface Hop {
  from: string;
  to: string;
  /** forward: the points' order; reverse: traffic flowing from the last point to the first. */
  direction: 'forward' | 'reverse';
  /** Segments seen at both ends of the hop. */
  matched: number;
  /** Of those, payload bytes differ between the two ends. */
  altered: number;
  /** Of the altered, damage the TCP checksum cannot see (it still verifies). */
  checksumBlind: number;
  /** Seen at `from`, at no later point, retransmitted or never acknowledged. */
  lost: number;
  /** Missing after `from` with nothing to tell a loss from a capture drop (pure ACKs, end of capture). */
  unconfirmed: number;
  /** First seen at `to`, in a flow never seen at `from`. */
  added: number;
  /** Altered between `from` and `to` with the points in between missing the segment (capture drops). */
  alteredAcrossDrops: number;
  clock?: HopClock;
}

/** One host's clock against the reference host's (judge/host-clocks.ts). */
export interface HostClock {
  host: string;
  /** Its points, in path order. */
  points: string[];
  /** This host's clock minus the reference host's, seconds: the median over point pairs (reference × this host). Absent when no timed hops join them. */
  offset?: number;
  /** How far the true offset may be from `offset`: the transit two-way timing cannot split from it, or half the spread over pairs if larger. Absent for one-way timing. */
  uncertainty?: number;
  /** two-way: every hop between the pairs timed both ways; one-way: the offset includes transit time. */
  method?: 'two-way' | 'one-way';
  /** Point pairs the median is over. */
  pairs: number;
  /** Largest minus smallest pair estimate. */
  spread?: number;
  /** Segments timed on the least-timed hop between the best-timed pair. */
  segments: number;
}

/** Two points on one host whose clocks differ by more than the timings allow: not one clock. */
export interface ClockDisagreement {
  host: string;
  a: string;
  b: string;
  /** Clock of b minus clock of a, seconds. */
  difference: number;
  uncertainty: number;
}

export interface HostClocks {
  /** The first point's host; every offset is against its clock. */
  reference: string;
  hosts: HostClock[];
  disagreements: ClockDisagreement[];
}

export type PatternKind = 'bit-flip' | 'byte' | 'bytes' | 'word-swap' | 'compensating-words' | 'block-overwrite' | 'zeroed' | 'splice';

/** What changed in one segment, offsets relative to the start of the innermost TCP/UDP payload. */
export interface Alteration {
  kind: PatternKind;
  offset: number;
  length: number;
  /** The bytes written, hex, for block overwrites and single bytes. */
  value?: string;
  changedBytes: number;
  /** The one's complement sum of the payload is unchanged: no TCP/UDP checksum can notice. */
  checksumNeutral: boolean;
}

export interface SegmentSighting {
  point: string;
  input: number;
  frame: number;
  time: number;
}

export interface AlteredSegment {
  flow: string;
  seq: number;
  ipId: number;
  payloadLength: number;
  /** Last point with the original bytes and first point where they differ. */
  from: string;
  to: string;
  alteration: Alteration;
  /** The innermost checksum at `to`: valid means the damage passes the receiver's check. */
  verdict: Verdict;
  checksumBlind: boolean;
  before: SegmentSighting;
  after: SegmentSighting;
  /** Payload offset where the hex windows start. */
  hexOffset: number;
  hexBefore: string;
  hexAfter: string;
}

/** Altered segments grouped by hop and pattern: "block overwritten with dead at 418, 4,000 times". */
export interface PatternGroup {
  from: string;
  to: string;
  kind: PatternKind;
  offset: number;
  length: number;
  value?: string;
  count: number;
  checksumBlind: number;
}

export interface Correlation {
  schema: typeof CORRELATION_SCHEMA;
  generatedAt: string;
  inputs: CorrelationInput[];
  points: CorrelationPoint[];
  hops: Hop[];
  firstBadHop: { from: string; to: string } | null;
  findings: Finding[];
  /** Distinct segments (by fingerprint) followed across the points. */
  segments: number;
  altered: AlteredSegment[];
  alteredOmitted: number;
  patterns: PatternGroup[];
  /** Each host's clock offset: a merged capture keeps every host's own timestamps. */
  hostClocks: HostClocks;
}
