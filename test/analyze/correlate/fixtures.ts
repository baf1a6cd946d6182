// Synthetic capture point sets with known damage: one TCP transfer 10.10.0.1 → 10.10.0.2 (and its
// ACKs) seen at ctrA (plain), hostA and hostB (VXLAN VNI 42 on the underlay) and ctrB (plain),
// with per-point damage, losses, capture drops, retransmissions and clock offsets, written as pcaps.

import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { ACK, ethernet, ETH_IPV4, ipv4, tcp, udp, vxlan } from '../../../scripts/synth/frames.js';
import { PcapWriter } from '../../../src/pcap/index.js';

export const POINTS = ['ctrA', 'hostA', 'hostB', 'ctrB'] as const;
export type PointName = (typeof POINTS)[number];
const TUNNELED: ReadonlySet<PointName> = new Set(['hostA', 'hostB']);

export const PAYLOAD = 1398;
const SEQ0 = 1000;
const ACK0 = 5000;
const T0 = 1_800_000_000;

/** Changes payload bytes in place (offsets relative to the TCP payload). */
export type Damage = (payload: Buffer) => void;

export const damages = {
  bitFlip: ((p) => void (p[100]! ^= 0x10)) as Damage,
  dead: ((p) => void p.writeUInt16BE(0xdead, 418)) as Damage,
  /** In a stream of 0x07 bytes: 0x0707,0x0707 → 0x0708,0x0706, the sum (and checksum) unchanged. */
  blindWords: ((p) => {
    p.writeUInt16BE(0x0708, 200);
    p.writeUInt16BE(0x0706, 202);
  }) as Damage,
  zeroed: ((p) => void p.fill(0, 300, 332)) as Damage,
};

export interface SegmentPlan {
  /** Index in the byte stream: seq = SEQ0 + index * PAYLOAD. */
  index: number;
  ipId: number;
  /** Seconds after T0 at the sender. */
  time: number;
  /** Points (by name) where this copy is not captured, though it passes. */
  notCaptured?: PointName[];
  /** The copy vanishes after this point (a real loss). */
  lostAfter?: PointName;
  /** Damage applied from this point on. */
  damagedFrom?: PointName;
  damage?: Damage;
}

export interface PointSetOptions {
  segments: SegmentPlan[];
  /** 'random' (deterministic) or one byte value repeated. */
  pattern?: 'random' | number;
  /** Seconds added to a point's clock. */
  clockOffset?: Partial<Record<PointName, number>>;
  /** One cumulative ACK from ctrB after each data segment (default true). */
  acks?: boolean;
}

function payloadOf(index: number, pattern: 'random' | number): Buffer {
  if (pattern !== 'random') return Buffer.alloc(PAYLOAD, pattern);
  const b = Buffer.alloc(PAYLOAD);
  let x = (index + 1) * 2654435761;
  for (let i = 0; i < PAYLOAD; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

const MAC_A = { src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' };
const MAC_B = { src: '02:00:00:00:00:02', dst: '02:00:00:00:00:01' };
const UNDERLAY = { src: '02:00:00:00:01:01', dst: '02:00:00:00:01:02' };

/** The frame as the point captures it: plain Ethernet in a container, VXLAN on an underlay. */
function frameAt(point: PointName, inner: Buffer, fromA: boolean): Buffer {
  if (!TUNNELED.has(point)) return inner;
  const [src, dst] = fromA ? ['192.168.1.1', '192.168.1.2'] : ['192.168.1.2', '192.168.1.1'];
  const outer = ipv4({ src, dst, id: 0, dontFragment: true }, udp({ sport: 40000, dport: 4789, payload: vxlan(42, inner), check: 'zero' }));
  return ethernet(UNDERLAY, ETH_IPV4, outer);
}

/** Offset of the inner TCP payload in the frame as built by frameAt (no IP or TCP options). */
function payloadOffsetAt(point: PointName): number {
  return (TUNNELED.has(point) ? 14 + 20 + 8 + 8 : 0) + 14 + 20 + 20;
}

interface Frame {
  time: number;
  data: Buffer;
}

/** Frames per point in capture order, each point's clock shifted by its offset. */
export function buildPointSet(o: PointSetOptions): Record<PointName, Frame[]> {
  const out = Object.fromEntries(POINTS.map((p) => [p, [] as Frame[]])) as Record<PointName, Frame[]>;
  const pattern = o.pattern ?? 'random';
  let ackIpId = 100;
  for (const s of o.segments) {
    const seq = SEQ0 + s.index * PAYLOAD;
    const inner = ethernet(MAC_A, ETH_IPV4, ipv4({ src: '10.10.0.1', dst: '10.10.0.2', id: s.ipId, dontFragment: true }, tcp({ sport: 43880, dport: 5101, seq, ack: ACK0, flags: ACK, payload: payloadOf(s.index, pattern) })));
    let damaged = false;
    for (const [k, point] of POINTS.entries()) {
      if (s.damagedFrom === point) damaged = true;
      const time = T0 + s.time + k * 0.0002 + (o.clockOffset?.[point] ?? 0);
      if (!s.notCaptured?.includes(point)) {
        const frame = Buffer.from(frameAt(point, inner, true));
        if (damaged && s.damage) s.damage(frame.subarray(payloadOffsetAt(point), payloadOffsetAt(point) + PAYLOAD));
        out[point].push({ time, data: frame });
      }
      if (s.lostAfter === point) break;
    }
    if (o.acks === false || s.lostAfter !== undefined) continue;
    const ackInner = ethernet(MAC_B, ETH_IPV4, ipv4({ src: '10.10.0.2', dst: '10.10.0.1', id: ackIpId++, dontFragment: true }, tcp({ sport: 5101, dport: 43880, seq: ACK0, ack: seq + PAYLOAD, flags: ACK })));
    for (const [k, point] of [...POINTS].reverse().entries()) {
      out[point].push({ time: T0 + s.time + 0.001 + k * 0.0002 + (o.clockOffset?.[point] ?? 0), data: frameAt(point, ackInner, false) });
    }
  }
  for (const p of POINTS) out[p].sort((a, b) => a.time - b.time);
  return out;
}

/** Writes each point's frames to DIR/NAME.pcap; returns the NAME=FILE arguments in path order. */
export async function writePointSet(dir: string, set: Record<PointName, Frame[]>): Promise<string[]> {
  const args: string[] = [];
  for (const p of POINTS) {
    const path = join(dir, `${p}.pcap`);
    const fd = openSync(path, 'w');
    const w = new PcapWriter(fd, { linkType: 1, nanosecond: true });
    for (const f of set[p]) {
      const sec = Math.floor(f.time);
      w.writePacket({ tsSec: sec, tsNsec: Math.round((f.time - sec) * 1e9), data: f.data });
    }
    await w.close();
    closeSync(fd);
    args.push(`${p}=${path}`);
  }
  return args;
}

/** n segments 1 ms apart with IP IDs from 1000, the plan of each adjusted by `edit`. */
export function transfer(n: number, edit: (s: SegmentPlan) => void = () => undefined): SegmentPlan[] {
  return Array.from({ length: n }, (_, i) => {
    const s: SegmentPlan = { index: i, ipId: 1000 + i, time: i * 0.001 };
    edit(s);
    return s;
  });
}
