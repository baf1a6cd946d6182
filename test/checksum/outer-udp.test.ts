// A tunnel's outer UDP checksum as Linux writes it with offloads on: a GSO super-frame's
// pseudo-header sum (also past 64 KiB, where the length field keeps 16 bits), Local Checksum
// Offload (right once the inner checksum is finished), over IPv4 and IPv6 underlays, VXLAN and
// Geneve; and a damaged one (the flannel case), corrupt with what the sender owed.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyL4, classifyTransport, OUTER_LCO_REASON, OUTER_PSEUDO_REASON } from '../../src/checksum/index.js';
import { decodePacket, LINKTYPE_IPV4, LINKTYPE_IPV6 } from '../../src/decode/index.js';
import { ACK, checksumFrom, ETH_IPV4, ETH_TEB, ethernet, geneve, ipv4, ipv6, PSH, tcp, udp, vxlan, type ChecksumMode } from '../../scripts/synth/frames.js';
import { hex } from '../decode/hex.js';

/** Outer 172.16.0.1 > 172.16.0.2 UDP 50000 > 8472, VXLAN VNI 7, inner 10.244.0.1:40000 > 10.244.1.1:5201 "abcd". */
const LCO_FRAME = `
  45 00 00 5e  # outer IPv4: version 4, IHL 5, TOS 0, total length 94
  00 01 40 00  # identification 1, DF
  40 11 e2 6a  # TTL 64, protocol 17 (UDP), header checksum 0xe26a
  ac 10 00 01  # source 172.16.0.1
  ac 10 00 02  # destination 172.16.0.2
  c3 50 21 18  # UDP source port 50000, destination port 8472 (Linux VXLAN)
  00 4a        # UDP length 74
  be d2        # UDP checksum 0xbed2: right with the inner checksum 0x218f (0xc959 over the bytes as they are)
  08 00 00 00  # VXLAN flags: I (VNI valid)
  00 00 07 00  # VNI 7
  02 00 00 00 00 02 02 00 00 00 00 01 08 00  # inner Ethernet, EtherType IPv4
  45 00 00 2c 00 02 40 00 40 06 23 e1        # inner IPv4: total length 44, protocol 6, header checksum 0x23e1
  0a f4 00 01 0a f4 01 01                    #   10.244.0.1 > 10.244.1.1
  9c 40 14 51  # TCP source port 40000, destination port 5201
  00 00 00 01  # sequence number 1
  00 00 00 01  # acknowledgment number 1
  50 18 01 f6  # data offset 5, flags PSH ACK, window 502
  17 08        # TCP checksum 0x1708: the folded pseudo-header sum, unfinished (final 0x218f)
  00 00        # urgent pointer
  61 62 63 64  # "abcd"
`;

/** The same tunnel carrying a 2,896-byte GSO super-frame (two 1,448-byte segments), as captured on a veth. */
const GSO_HEADERS = `
  45 00 0b aa 00 01 40 00 40 11 d7 1e  # outer IPv4: total length 2986, protocol 17, header checksum 0xd71e
  ac 10 00 01 ac 10 00 02              #   172.16.0.1 > 172.16.0.2
  c3 50 21 18  # UDP 50000 > 8472
  0b 96        # UDP length 2966
  63 cb        # UDP checksum 0x63cb: the folded pseudo-header sum for length 2966
  08 00 00 00 00 00 07 00                    # VXLAN, VNI 7
  02 00 00 00 00 02 02 00 00 00 00 01 08 00  # inner Ethernet
  45 00 0b 78 00 02 40 00 40 06 18 95        # inner IPv4: total length 2936, header checksum 0x1895
  0a f4 00 01 0a f4 01 01                    #   10.244.0.1 > 10.244.1.1
  9c 40 14 51 00 00 00 01 00 00 00 01 50 18 01 f6  # TCP 40000 > 5201, seq 1, ack 1, PSH ACK, window 502
  22 54        # TCP checksum 0x2254: unfinished
  00 00        # urgent pointer
`;

/** A 70,000-byte super-frame: IP total lengths 0, the UDP length field 70070 & 0xffff = 4534. */
const GSO_64K_HEADERS = `
  45 00 00 00 00 01 40 00 40 11 e2 c8  # outer IPv4: total length 0 (past 64 KiB), header checksum 0xe2c8
  ac 10 00 01 ac 10 00 02              #   172.16.0.1 > 172.16.0.2
  c3 50 21 18  # UDP 50000 > 8472
  11 b6        # UDP length 4534: the low 16 bits of 70070
  69 ec        # UDP checksum 0x69ec: the folded pseudo-header sum for length 70070
  08 00 00 00 00 00 07 00                    # VXLAN, VNI 7
  02 00 00 00 00 02 02 00 00 00 00 01 08 00  # inner Ethernet
  45 00 00 00 00 02 40 00 40 06 24 0d        # inner IPv4: total length 0, header checksum 0x240d
  0a f4 00 01 0a f4 01 01                    #   10.244.0.1 > 10.244.1.1
  9c 40 14 51 00 00 00 01 00 00 00 01 50 18 01 f6  # TCP 40000 > 5201, seq 1, ack 1, PSH ACK, window 502
  28 75        # TCP checksum 0x2875: unfinished
  00 00        # urgent pointer
`;

function verdicts(b: Buffer, linkType = LINKTYPE_IPV4) {
  const p = decodePacket(linkType, b, b.length);
  assert.equal(p.invalid, undefined);
  return classifyTransport(b, p).map((c) => ({ layer: c.layer, depth: c.depth, verdict: c.verdict, reason: c.reason }));
}

describe('outer UDP checksums of kernel tunnels', () => {
  it('Local Checksum Offload: offload, because it verifies once the inner checksum is finished', () => {
    assert.deepEqual(verdicts(hex(LCO_FRAME)), [
      { layer: 'udp', depth: 0, verdict: 'offload', reason: OUTER_LCO_REASON },
      { layer: 'tcp', depth: 1, verdict: 'offload', reason: undefined },
    ]);
    // Judged alone, as a tool unaware of LCO does, the outer checksum looks corrupt.
    const b = hex(LCO_FRAME);
    const p = decodePacket(LINKTYPE_IPV4, b, b.length);
    assert.deepEqual(classifyL4(b, p.ip[0]!, p.l4[0]!), { layer: 'udp', depth: 0, verdict: 'corrupt', stored: 0xbed2, expected: 0xc959 });
  });

  it('a GSO super-frame: the pseudo-header sum for its UDP length', () => {
    const b = Buffer.concat([hex(GSO_HEADERS), Buffer.alloc(2896, 0x61)]);
    assert.deepEqual(verdicts(b), [
      { layer: 'udp', depth: 0, verdict: 'offload', reason: OUTER_PSEUDO_REASON },
      { layer: 'tcp', depth: 1, verdict: 'offload', reason: undefined },
    ]);
  });

  it('a GSO super-frame past 64 KiB: the pseudo-header sum for its real length, the field keeping 16 bits', () => {
    const b = Buffer.concat([hex(GSO_64K_HEADERS), Buffer.alloc(70_000, 0x61)]);
    const p = decodePacket(LINKTYPE_IPV4, b, b.length);
    assert.deepEqual([p.l4[0]!.length, p.l4[1]!.length], [70_070, 70_020]);
    assert.deepEqual(verdicts(b), [
      { layer: 'udp', depth: 0, verdict: 'offload', reason: OUTER_PSEUDO_REASON },
      { layer: 'tcp', depth: 1, verdict: 'offload', reason: undefined },
    ]);
  });

  it('a damaged outer checksum (the flannel case): corrupt, expected what the sender owed with the inner one finished', () => {
    const b = hex(LCO_FRAME);
    b.writeUInt16BE(0xffff, 26);
    const p = decodePacket(LINKTYPE_IPV4, b, b.length);
    const [outer] = classifyTransport(b, p);
    assert.deepEqual(outer, { layer: 'udp', depth: 0, verdict: 'corrupt', stored: 0xffff, expected: 0xbed2 });
  });

  const inner = (check: ChecksumMode): Buffer =>
    ethernet({ src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' }, ETH_IPV4, ipv4({ src: '10.244.0.1', dst: '10.244.1.1', id: 2 }, tcp({ sport: 40000, dport: 5201, seq: 1, ack: 1, flags: PSH | ACK, payload: Buffer.from('abcdefg'), check })));

  it('LCO over an IPv6 underlay (VXLAN) and with Geneve', () => {
    const v6 = (check: ChecksumMode): Buffer => ipv6({ src: 'fd00:16::1', dst: 'fd00:16::2' }, udp({ sport: 50000, dport: 4789, payload: vxlan(7, inner(check)), check: 'valid' }));
    const gen = (check: ChecksumMode): Buffer => ipv4({ src: '172.16.0.1', dst: '172.16.0.2', id: 1 }, udp({ sport: 50000, dport: 6081, payload: geneve(7, ETH_TEB, inner(check)), check: 'valid' }));
    for (const [b, linkType] of [
      [checksumFrom(v6('valid'), v6('offload'), 40 + 6), LINKTYPE_IPV6],
      [checksumFrom(gen('valid'), gen('offload'), 20 + 6), LINKTYPE_IPV4],
    ] as const) {
      assert.deepEqual(verdicts(b, linkType), [
        { layer: 'udp', depth: 0, verdict: 'offload', reason: OUTER_LCO_REASON },
        { layer: 'tcp', depth: 1, verdict: 'offload', reason: undefined },
      ]);
    }
  });

  it('an outer checksum right over the bytes as they are stays valid, with the inner one unfinished', () => {
    const b = ipv4({ src: '172.16.0.1', dst: '172.16.0.2', id: 1 }, udp({ sport: 50000, dport: 8472, payload: vxlan(7, inner('offload')), check: 'valid' }));
    assert.deepEqual(verdicts(b).map((c) => c.verdict), ['valid', 'offload']);
  });
});
