// The first remedy for each finding, in words: the narrowest change that removes the fault.
// Exact commands with a PID and interface come from `fix`, which knows the host.

import { TUNNEL_CHECKSUM_CAUSES } from './recommend.js';
import type { FindingKind } from './types.js';

export interface RemedyContext {
  /** Flow id of the first affected flow, to name its sender. */
  source?: string;
  insideTunnel?: boolean;
  offload?: boolean;
  /** The hop correlate located the damage on, e.g. "between ctrA and hostA". */
  hop?: string;
  /** The tunnel's outer UDP checksum showed the damage too (the receiving host drops such frames). */
  outerCaught?: boolean;
  /** Outer source address of frames with a damaged tunnel checksum: their sending host. */
  tunnelSender?: string;
}

/** "tcp 10.10.0.1:40000 > 10.10.0.2:5101" → "10.10.0.1"; "udp [fd00::1]:53 > …" → "fd00::1". */
export function senderOf(flowId: string | undefined): string | undefined {
  const m = flowId === undefined ? null : /^\w+ \[?([^\]\s]+?)\]?:\d+ > /.exec(flowId);
  return m ? m[1] : undefined;
}

export function remedyFor(kind: FindingKind, ctx: RemedyContext = {}): string {
  const who = senderOf(ctx.source);
  const sender = who ? `the container that owns ${who}` : 'the sending container';
  const txOff = `turn off transmit checksum offload on ${sender}'s interface: nsenter --target <PID> --net ethtool -K eth1 tx off (ovsforensics fix --container NAME shows the exact command, --apply runs it with a snapshot to revert)`;
  switch (kind) {
    case 'offload-leak':
      return `Checksums left for offload are leaving the host unfinished (typical of OVS's userspace datapath with veth tx offload on): ${txOff}. It costs some throughput; make it persistent in the container's start-up, since it is lost when the container restarts.`;
    case 'blackhole':
      return ctx.offload === false
        ? 'The segment is damaged on every try: capture at more points (ovsforensics correlate) to find the hop that alters it.'
        : `The receiver drops every copy because the checksum was never finished: ${txOff}.`;
    case 'corruption':
      if (ctx.hop) return `Bytes change ${ctx.hop}, after the checksum was computed: inspect what sits on that hop — nftables/tc rules that rewrite payload, NIC tunnel offloads (tx-udp_tnl-segmentation, tx-udp_tnl-csum-segmentation), driver, firmware, memory — and replace or bypass it; TCP recovers by retransmitting, at a cost in throughput.`;
      if (ctx.insideTunnel && ctx.outerCaught)
        return 'Bytes inside the tunnel were changed after the checksums were computed; the outer UDP checksum shows it too, so the receiving host drops those frames (Udp InCsumErrors): capture at the sender, its OVS port and both underlays and run ovsforensics correlate to name the hop; then check that hop\'s NIC tunnel offloads (tx-udp_tnl-segmentation, tx-udp_tnl-csum-segmentation), driver and firmware.';
      return ctx.insideTunnel
        ? 'Bytes inside the tunnel were changed after the inner checksum was computed, and the tunnel carried no outer UDP checksum to catch it: capture at the sender, its OVS port and both underlays and run ovsforensics correlate to name the hop; then check that hop\'s NIC tunnel offloads (tx-udp_tnl-segmentation, tx-udp_tnl-csum-segmentation), driver and firmware.'
        : 'Bytes were changed after the checksum was computed: capture at more points and run ovsforensics correlate to name the hop; check that hop\'s NIC offloads, driver, memory and cabling (CRC counters in ethtool -S).';
    case 'tunnel-checksum':
      return (
        `The sending host${ctx.tunnelSender ? ` (${ctx.tunnelSender})` : ''} writes a wrong outer UDP checksum; known causes: ` +
        TUNNEL_CHECKSUM_CAUSES.map((c) => `${c.cause} — fix: ${c.fix} (${c.command})`).join('; ') +
        '. Check the receiving host for the drops: nstat -az UdpInCsumErrors.'
      );
    case 'offload-unconfirmed':
      return 'Nothing to change on this evidence. To tell whether the receiver takes these segments, capture where its answers are seen, or declare each capture point\'s direction (--point NAME:in=FILE or NAME:out=FILE); nstat -az TcpInCsumErrors UdpInCsumErrors on the receiver counts what it drops.';
    case 'checksum-blind':
      return `The damage keeps TCP checksums valid, so the receiver accepts it (ssh: "Corrupted MAC on input"): replace or bypass ${ctx.hop ? `the hop ${ctx.hop}` : 'the hop named by correlate'}; TCP alone cannot protect this path, keep end-to-end integrity (TLS/ssh MACs) on.`;
  }
}
