// The verdict vocabulary (docs/design.md, Verdicts), shared by every stage after decoding.

export type Verdict = 'valid' | 'offload' | 'corrupt' | 'unverifiable' | 'absent';
export const VERDICTS: readonly Verdict[] = ['valid', 'offload', 'corrupt', 'unverifiable', 'absent'];

export const CHECKSUM_LAYERS = ['ipv4', 'tcp', 'udp', 'icmp', 'icmpv6', 'igmp'] as const;
export type ChecksumLayer = (typeof CHECKSUM_LAYERS)[number];

export interface ChecksumCheck {
  layer: ChecksumLayer;
  /** Tunnels crossed before this header: 0 is the outermost. */
  depth: number;
  verdict: Verdict;
  /** The value in the packet. */
  stored: number;
  /** What it should be, for corrupt and offload verdicts. */
  expected?: number;
  /** Why a checksum is unverifiable or absent. */
  reason?: string;
}
