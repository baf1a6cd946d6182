// Mutations inside the frames of a capture: header fields set to values that change how the rest
// is decoded (EtherTypes, IP header lengths, UDP ports 4789/6081…), bytes changed within one frame,
// and frames replaced by deeply nested encapsulations (a chain of 0x6558 Ethernet headers, VXLAN,
// Geneve or GRE inside each other).

import { ACK, ETH_IPV4, ETH_TEB, ethernet, geneve, gre, ipv4, tcp, udp, vxlan } from '../scripts/synth/frames.js';
import { packetsOf, type CaptureLayout, type PacketSpot } from './capture-layout.js';
import { replacePacket } from './capture-edit.js';
import type { CaptureMutator } from './capture-mutators.js';
import { fieldsOf, type FieldKind } from './frame-fields.js';
import type { Prng } from './prng.js';

const ETHERTYPES = [0x0800, 0x86dd, 0x6558, 0x8100, 0x88a8, 0x0806, 0x0000, 0x05ff, 0x0600, 0xffff];

/** Values per field: the meaningful ones and their edges. */
function valuesFor(kind: FieldKind, current: number): number[] {
  switch (kind) {
    case 'ethertype':
      return ETHERTYPES;
    case 'ipv4-version-ihl':
      return [0x40, 0x44, 0x45, 0x46, 0x4f, 0x60, 0x00, 0xff];
    case 'ip-length':
    case 'udp-length':
      return [0, 1, 7, 8, 19, 20, 21, current - 1, current + 1, 0xffff];
    case 'ip-protocol':
      return [0, 1, 4, 6, 17, 41, 43, 44, 47, 59, 60, 255];
    case 'ipv4-fragment':
      return [0, 0x2000, 0x0001, 0x1fff, 0x3fff, 0x4000];
    case 'udp-port':
      return [4789, 6081, 8472, 0, 53, 0xffff];
    case 'tcp-offset':
      return [0x00, 0x10, 0x40, 0x50, 0xf0];
    case 'vxlan-flags':
      return [0x00, 0x08, 0x0c, 0xff];
    case 'geneve-first':
      return [0x00, 0x01, 0x3f, 0x40, 0xc0];
    case 'gre-flags':
      return [0, 0x8000, 0x2000, 0x1000, 0xb000, 0x0001, 0x0007, 0xffff];
  }
}

function pickPacket(b: Buffer, layout: CaptureLayout, rng: Prng): PacketSpot | undefined {
  const spots = packetsOf(b, layout);
  return spots.length === 0 ? undefined : rng.pick(spots);
}

const fieldEdge: CaptureMutator = (b, layout, rng) => {
  const spot = pickPacket(b, layout, rng);
  if (spot === undefined) return undefined;
  const fields = fieldsOf(b.subarray(spot.dataOff, spot.dataOff + spot.capLen), spot.linkType);
  if (fields.length === 0) return undefined;
  const out = Buffer.from(b);
  // Several fields of one frame at once reach combinations a single change cannot.
  for (let n = rng.between(1, 3); n > 0; n--) {
    const f = rng.pick(fields);
    const at = spot.dataOff + f.off;
    const current = f.size === 2 ? out.readUInt16BE(at) : out[at]!;
    const v = rng.pick(valuesFor(f.kind, current)) & (f.size === 2 ? 0xffff : 0xff);
    if (f.size === 2) out.writeUInt16BE(v, at);
    else out[at] = v;
  }
  return out;
};

const frameBytes: CaptureMutator = (b, layout, rng) => {
  const spot = pickPacket(b, layout, rng);
  if (spot === undefined || spot.capLen === 0) return undefined;
  const out = Buffer.from(b);
  for (let n = rng.between(1, 4); n > 0; n--) {
    const at = spot.dataOff + rng.below(spot.capLen);
    out[at] = rng.chance(0.5) ? out[at]! ^ (1 << rng.below(8)) : rng.u32() & 0xff;
  }
  return out;
};

const HOST = { src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' };

function innerFrame(rng: Prng): Buffer {
  return ethernet(HOST, ETH_IPV4, ipv4({ src: '10.0.0.1', dst: '10.0.0.2' }, tcp({ sport: 40000, dport: 5201, seq: rng.u32(), flags: ACK, payload: Buffer.alloc(rng.between(0, 64), 7) })));
}

/** n Ethernet headers, each announcing the next with EtherType 0x6558, in front of `inner`. */
function tebChain(n: number, inner: Buffer): Buffer {
  const one = Buffer.alloc(14);
  one.write('020000000002020000000001', 'hex');
  one.writeUInt16BE(ETH_TEB, 12);
  const headers = Buffer.alloc(14 * n);
  for (let i = 0; i < n; i++) one.copy(headers, 14 * i);
  return Buffer.concat([headers, inner]);
}

type Wrap = (inner: Buffer) => Buffer;
const outerIp = { src: '172.16.2.114', dst: '172.16.2.115' };
const WRAPS: Record<'vxlan' | 'geneve' | 'gre', Wrap> = {
  vxlan: (inner) => ethernet(HOST, ETH_IPV4, ipv4(outerIp, udp({ sport: 50000, dport: 4789, payload: vxlan(42, inner), check: 'zero' }))),
  geneve: (inner) => ethernet(HOST, ETH_IPV4, ipv4(outerIp, udp({ sport: 50000, dport: 6081, payload: geneve(42, ETH_TEB, inner), check: 'zero' }))),
  gre: (inner) => ethernet(HOST, ETH_IPV4, ipv4(outerIp, gre(ETH_TEB, inner, { key: 0x500100 }))),
};

/** A frame replaced by tunnels nested in tunnels, or by a long 0x6558 chain (deep enough to exhaust a recursive decoder's stack). */
const nestedChain: CaptureMutator = (b, layout, rng) => {
  const spots = packetsOf(b, layout);
  const ethernetSpots = spots.filter((s) => s.linkType === 1);
  const spot = ethernetSpots.length > 0 ? rng.pick(ethernetSpots) : spots.length > 0 ? rng.pick(spots) : undefined;
  if (spot === undefined) return undefined;
  let frame = innerFrame(rng);
  if (rng.chance(0.6)) frame = tebChain(rng.pick([1, 2, 8, 64, 1000, 5000, 12_000, 18_000]), frame);
  const tunnels = rng.pick([0, 1, 2, 7, 8, 9, 40]);
  for (let i = 0; i < tunnels; i++) frame = WRAPS[rng.pick(['vxlan', 'geneve', 'gre'] as const)](frame);
  return replacePacket(b, spot, frame);
};

export const FRAME_MUTATORS: readonly CaptureMutator[] = [fieldEdge, fieldEdge, frameBytes, nestedChain];
