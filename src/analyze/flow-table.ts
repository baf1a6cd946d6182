// Per-flow accounting of innermost TCP/UDP segments: packets, bytes, verdicts, retransmissions,
// and the repeated bad-checksum segments a blackhole is made of. Lookups go through a tiny cache
// of the last flows seen, since captures alternate between a handful of them.

import type { Verdict } from '../checksum/types.js';
import { sequenceEnd, sequenceLength, seqAfter, TCP_ACK } from '../decode/index.js';
import type { TunnelHeader } from '../decode/types.js';
import { flowId } from './endpoint.js';
import { countVerdict, emptyCounts, type FlowSummary, type FrameRef, type TunnelRef } from './types.js';

const MAX_REPEAT_KEYS = 64;
/** Frames kept as examples of a flow's pending segments of one kind. */
const MAX_PENDING_EXAMPLES = 5;
const RECENT = 4;

/** A segment sent again and again with a bad checksum. */
export interface RepeatedBadSegment {
  flowId: string;
  reverseId: string;
  seq: number;
  flags: number;
  count: number;
  examples: FrameRef[];
}

/** Which segments of a flow wait for the outcome: unfinished checksums, or frames whose tunnel checksum was damaged. */
export type PendingKind = 'unfinished' | 'damagedTunnel';

/** Segments whose fate only the rest of the capture tells: taken if the receiver's ACKs cover them. */
export interface Pending {
  count: number;
  /** Seen arriving (inbound). */
  inbound: number;
  /** Seen inside a tunnel. */
  inTunnel: number;
  /** Outside a tunnel with the direction unknown: the point may be their sender. */
  unplaced: number;
  /** Where the first one ends in sequence space (seq + payload, SYN and FIN counting one). */
  firstEnd: number;
  /** Of them, sent again at the same point. */
  resent: number;
  examples: FrameRef[];
}

/** A flow's pending segments and whether the receiver acknowledged them. */
export interface PendingFate {
  flowId: string;
  protocol: 'tcp' | 'udp';
  /** The flow's destination address: the receiver. */
  receiver: string;
  pending: Pending;
  /** The reverse flow's ACKs cover the first of them. */
  acknowledged: boolean;
}

interface FlowState extends FlowSummary {
  reverseId: string;
  unfinished?: Pending;
  damagedTunnel?: Pending;
  /** Highest acknowledgment number sent with ACK set. */
  maxAck: number;
  sawAck: boolean;
  repeatKeys: number;
}

/** A flow as seen at one capture point: retransmissions are judged per point. */
export interface FlowAtPoint {
  flow: FlowState;
  point: string;
  /** Highest sequence end seen at this point, or -1 before any. */
  seqEnd: number;
}

export function tunnelRef(t: TunnelHeader | TunnelRef): TunnelRef {
  const r: TunnelRef = { kind: t.kind, outerSrc: t.outerSrc, outerDst: t.outerDst };
  if (t.vni !== undefined) r.vni = t.vni;
  return r;
}


export class FlowTable {
  private readonly flows = new Map<string, FlowState>();
  private readonly atPoint = new Map<string, FlowAtPoint>();
  private readonly repeats = new Map<string, RepeatedBadSegment>();
  private readonly recent: FlowAtPoint[] = [];

  get size(): number {
    return this.flows.size;
  }

  /**
   * The flow a segment belongs to at a point. A flow is its inner 5-tuple: the same connection seen
   * in a container (bare) and on an underlay (in VXLAN) is one flow; its tunnel is recorded when seen.
   */
  lookup(protocol: 'tcp' | 'udp', src: string, srcPort: number, dst: string, dstPort: number, tunnel: TunnelHeader | TunnelRef | undefined, point: string, time: number): FlowAtPoint {
    for (const r of this.recent) {
      const f = r.flow;
      if (f.srcPort === srcPort && f.dstPort === dstPort && f.src === src && f.dst === dst && f.protocol === protocol && r.point === point) return r;
    }
    const id = flowId(protocol, src, srcPort, dst, dstPort);
    let flow = this.flows.get(id);
    if (flow === undefined) {
      flow = {
        id,
        reverseId: flowId(protocol, dst, dstPort, src, srcPort),
        protocol,
        src,
        srcPort,
        dst,
        dstPort,
        points: [],
        packets: 0,
        bytes: 0,
        segments: emptyCounts(),
        retransmissions: 0,
        firstSeen: time,
        lastSeen: time,
        maxAck: 0,
        sawAck: false,
        repeatKeys: 0,
      };
      this.flows.set(id, flow);
    }
    if (tunnel && flow.tunnel === undefined) flow.tunnel = tunnelRef(tunnel);
    const key = `${id}|${point}`;
    let fp = this.atPoint.get(key);
    if (fp === undefined) {
      fp = { flow, point, seqEnd: -1 };
      this.atPoint.set(key, fp);
      flow.points.push(point);
    }
    if (this.recent.length === RECENT) this.recent.pop();
    this.recent.unshift(fp);
    return fp;
  }

  /** Accounts one segment; TCP fields are ignored for UDP. True when it resends sequence space this point saw already. */
  add(fp: FlowAtPoint, time: number, payloadLength: number, verdict: Verdict, seq: number, ack: number, flags: number): boolean {
    const f = fp.flow;
    f.packets++;
    f.bytes += payloadLength;
    countVerdict(f.segments, verdict);
    if (time < f.firstSeen) f.firstSeen = time;
    if (time > f.lastSeen) f.lastSeen = time;
    if (f.protocol !== 'tcp') return false;
    if (flags & TCP_ACK) {
      if (!f.sawAck || seqAfter(ack, f.maxAck)) f.maxAck = ack;
      f.sawAck = true;
    }
    if (sequenceLength(payloadLength, flags) === 0) return false;
    const end = sequenceEnd(seq, payloadLength, flags);
    if (fp.seqEnd >= 0 && !seqAfter(end, fp.seqEnd)) {
      f.retransmissions++;
      return true;
    }
    fp.seqEnd = end;
    return false;
  }

  /** Remembers a segment whose fate the outcome decides; `end` is where it ends in sequence space (TCP). */
  notePending(fp: FlowAtPoint, kind: PendingKind, end: number, resent: boolean, inbound: boolean, inTunnel: boolean, ref: FrameRef | undefined): void {
    const f = fp.flow;
    let p = f[kind];
    if (p === undefined) {
      p = { count: 0, inbound: 0, inTunnel: 0, unplaced: 0, firstEnd: end, resent: 0, examples: [] };
      f[kind] = p;
    }
    p.count++;
    if (inbound) p.inbound++;
    if (inTunnel) p.inTunnel++;
    else if (!inbound) p.unplaced++;
    if (resent) p.resent++;
    if (ref !== undefined && p.examples.length < MAX_PENDING_EXAMPLES) p.examples.push(ref);
  }

  /** Whether notePending would keep a segment of this kind as an example (the flow has fewer than it keeps). */
  wantsPendingExample(fp: FlowAtPoint, kind: PendingKind): boolean {
    const p = fp.flow[kind];
    return p === undefined || p.examples.length < MAX_PENDING_EXAMPLES;
  }

  /** Every flow's pending segments of one kind, with whether the receiver acknowledged them. */
  fates(kind: PendingKind): PendingFate[] {
    const out: PendingFate[] = [];
    for (const f of this.flows.values()) {
      const pending = f[kind];
      if (pending === undefined) continue;
      const rev = this.flows.get(f.reverseId);
      const acknowledged = f.protocol === 'tcp' && rev?.sawAck === true && !seqAfter(pending.firstEnd, rev.maxAck);
      out.push({ flowId: f.id, protocol: f.protocol, receiver: f.dst, pending, acknowledged });
    }
    return out;
  }

  /** Remembers a bad-checksum TCP segment, to find those sent again and again. */
  noteBad(fp: FlowAtPoint, seq: number, flags: number, payloadLength: number, ref: FrameRef): void {
    const f = fp.flow;
    // Per point: the same SYN seen at the sender and on the underlay is one transmission, not two.
    const key = `${f.id}|${fp.point}|${seq}|${flags}|${payloadLength}`;
    const r = this.repeats.get(key);
    if (r) {
      r.count++;
      if (r.examples.length < 5) r.examples.push(ref);
      return;
    }
    if (f.repeatKeys >= MAX_REPEAT_KEYS) return;
    f.repeatKeys++;
    this.repeats.set(key, { flowId: f.id, reverseId: f.reverseId, seq, flags, count: 1, examples: [ref] });
  }

  /**
   * Bad segments sent at least `minCount` times that the other side never acknowledged, one per
   * segment: seen at several points, it counts the transmissions of the point that saw most.
   */
  unanswered(minCount: number): RepeatedBadSegment[] {
    const out = new Map<string, RepeatedBadSegment>();
    for (const r of this.repeats.values()) {
      if (r.count < minCount) continue;
      const rev = this.flows.get(r.reverseId);
      if (rev?.sawAck === true && seqAfter(rev.maxAck, r.seq)) continue;
      const key = `${r.flowId}|${r.seq}|${r.flags}`;
      const seen = out.get(key);
      if (seen === undefined || r.count > seen.count) out.set(key, r);
    }
    return [...out.values()];
  }

  /** Flows, most packets first; the rest counted. */
  summaries(limit: number): { flows: FlowSummary[]; omitted: number } {
    const all = [...this.flows.values()].sort((a, b) => b.packets - a.packets || (a.id < b.id ? -1 : 1));
    const flows = all.slice(0, limit).map(({ reverseId: _r, unfinished: _u, damagedTunnel: _d, maxAck: _m, sawAck: _s, repeatKeys: _k, ...f }) => f);
    return { flows, omitted: Math.max(0, all.length - limit) };
  }
}
