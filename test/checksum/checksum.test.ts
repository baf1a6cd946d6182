// The Internet checksum against RFC 1071's worked example and a plain word-by-word reference,
// and the verdicts (valid / offload / corrupt / absent / unverifiable) of TCP and UDP over IPv4
// and IPv6, with expected values from that reference and from tcpdump on the incident SYN; ICMP,
// ICMPv6 and IGMP messages from hand-written fixtures.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checksumOf, classifyL4, classifyMessage, classifyTransport, fold, ipv4HeaderValid, sumWords } from '../../src/checksum/index.js';
import { decodePacket, LINKTYPE_IPV4, LINKTYPE_IPV6 } from '../../src/decode/index.js';
import { ipv4, ipv4Address, ipv4Fragments, ipv6, ipv6Address, pattern, SYN, synOptions, tcp, udp, type ChecksumMode } from '../../scripts/synth/frames.js';
import { hex } from '../decode/hex.js';
import { ICMP_ECHO, ICMP_PORT_UNREACHABLE, ICMPV6_ECHO, IGMP_REPORT } from '../decode/message-fixtures.js';

/** RFC 1071 done the slow obvious way: big-endian 16-bit words, odd byte padded, end-around carry. */
function referenceSum(b: Buffer): number {
  let s = 0;
  for (let i = 0; i < b.length; i += 2) {
    s += (b[i]! << 8) | (i + 1 < b.length ? b[i + 1]! : 0);
    s = (s & 0xffff) + (s >>> 16);
  }
  return s;
}
const referenceChecksum = (b: Buffer): number => ~referenceSum(b) & 0xffff;

/** The checksum a TCP/UDP segment must carry, from its pseudo-header built byte by byte. */
function referenceL4(version: 4 | 6, src: string, dst: string, protocol: number, segment: Buffer, checkAt: number): number {
  const seg = Buffer.from(segment);
  seg.writeUInt16BE(0, checkAt);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(seg.length);
  const pseudo =
    version === 4
      ? Buffer.concat([ipv4Address(src), ipv4Address(dst), Buffer.from([0, protocol]), len.subarray(2)])
      : Buffer.concat([ipv6Address(src), ipv6Address(dst), len, Buffer.from([0, 0, 0, protocol])]);
  return referenceChecksum(Buffer.concat([pseudo, seg]));
}

describe('internet checksum', () => {
  it('matches RFC 1071 §3: 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2', () => {
    const b = hex('00 01 f2 03 f4 f5 f6 f7');
    assert.equal(sumWords(b, 0, 8), 0xddf2);
    assert.equal(checksumOf(sumWords(b, 0, 8)), 0x220d);
  });

  it('pads an odd last byte with zero', () => {
    assert.equal(sumWords(hex('01'), 0, 1), 0x0100);
    assert.equal(sumWords(hex('01 02 03'), 0, 3), 0x0402);
    // 0xffff + 0xff00 = 0x1feff, carried around: 0xff00.
    assert.equal(sumWords(hex('ff ff ff'), 0, 3), 0xff00);
  });

  it('agrees with the reference on every length and alignment, also inside larger buffers', () => {
    const big = pattern(4099, 1);
    for (let start = 0; start < 5; start++) {
      for (let len = 0; len < 70; len++) {
        const slice = big.subarray(start, start + len);
        assert.equal(sumWords(big, start, start + len), referenceSum(slice), `start ${start} len ${len}`);
        // A Buffer view at an odd byteOffset reads the same bytes.
        assert.equal(sumWords(slice, 0, len), sumWords(big, start, start + len));
      }
    }
    assert.equal(sumWords(big, 0, big.length), referenceSum(big));
  });

  it('folds any sum with end-around carry', () => {
    assert.equal(fold(0x1ffff), 0x0001);
    assert.equal(fold(0x2_0000_0000 + 0x5), 0x7);
    assert.equal(checksumOf(0xffff), 0);
  });
});

/** An IPv4 or IPv6 packet with a TCP or UDP segment, decoded, with its innermost check. */
function check(version: 4 | 6, protocol: 'tcp' | 'udp', mode: ChecksumMode, opts: { damage?: number[]; capture?: number; payload?: Buffer } = {}) {
  const payload = opts.payload ?? pattern(101, 9);
  const seg = protocol === 'tcp' ? tcp({ sport: 40000, dport: 5201, seq: 1, ack: 1, payload, check: mode, damage: opts.damage ?? [] }) : udp({ sport: 40000, dport: 5201, payload, check: mode, damage: opts.damage ?? [] });
  const src = version === 4 ? '10.10.0.1' : 'fd00::1';
  const dst = version === 4 ? '10.10.0.2' : 'fd00::2';
  const pkt = version === 4 ? ipv4({ src, dst, id: 7 }, seg) : ipv6({ src, dst }, seg);
  const data = pkt.subarray(0, opts.capture ?? pkt.length);
  const decoded = decodePacket(version === 4 ? LINKTYPE_IPV4 : LINKTYPE_IPV6, data, pkt.length);
  const l4 = decoded.l4[0]!;
  const c = classifyL4(data, decoded.ip[0]!, l4);
  const headerLen = version === 4 ? 20 : 40;
  const segmentBytes = pkt.subarray(headerLen);
  // What the bytes as sent (damaged or not) need, computed by the reference.
  const expected = referenceL4(version, src, dst, protocol === 'tcp' ? 6 : 17, segmentBytes, seg.checkAt);
  return { c, stored: segmentBytes.readUInt16BE(seg.checkAt), expected: protocol === 'udp' && expected === 0 ? 0xffff : expected };
}

describe('verdicts', () => {
  for (const version of [4, 6] as const) {
    for (const protocol of ['tcp', 'udp'] as const) {
      describe(`${protocol} over IPv${version}`, () => {
        it('valid: the stored value is the reference checksum', () => {
          const { c, stored, expected } = check(version, protocol, 'valid');
          assert.equal(stored, expected);
          assert.deepEqual(c, { layer: protocol, depth: 0, verdict: 'valid', stored });
        });

        it('offload: the folded pseudo-header sum, expected value reported', () => {
          const { c, expected } = check(version, protocol, 'offload');
          assert.equal(c.verdict, 'offload');
          assert.equal(c.expected, expected);
        });

        it('offload: the pseudo-header sum without the length (TSO drivers)', () => {
          assert.equal(check(version, protocol, 'offload-nolen').c.verdict, 'offload');
        });

        it('corrupt: a payload byte changed after the checksum; stored and expected kept', () => {
          const good = check(version, protocol, 'valid');
          const { c, stored, expected } = check(version, protocol, 'valid', { damage: [10] });
          assert.equal(stored, good.stored);
          assert.notEqual(expected, stored);
          assert.deepEqual(c, { layer: protocol, depth: 0, verdict: 'corrupt', stored, expected });
        });

        it('corrupt: an arbitrary stored value', () => {
          const { c, expected } = check(version, protocol, (check(version, protocol, 'valid').expected + 1) & 0xffff);
          assert.equal(c.verdict, 'corrupt');
          assert.equal(c.expected, expected);
        });

        it('unverifiable when the snap length cut the payload, offload still recognised', () => {
          const cut = check(version, protocol, 'valid', { capture: (version === 4 ? 20 : 40) + 30 });
          assert.deepEqual([cut.c.verdict, cut.c.reason], ['unverifiable', 'truncated by snaplen']);
          assert.equal(check(version, protocol, 'offload', { capture: (version === 4 ? 20 : 40) + 30 }).c.verdict, 'offload');
        });
      });
    }
  }

  it('UDP checksum 0: absent over IPv4, corrupt over IPv6 unless it carries a tunnel', () => {
    assert.deepEqual([check(4, 'udp', 'zero').c.verdict, check(4, 'udp', 'zero').c.reason], ['absent', 'UDP checksum not computed (0)']);
    assert.equal(check(6, 'udp', 'zero').c.verdict, 'corrupt');
    const vx = ipv6({ src: 'fd00::1', dst: 'fd00::2' }, udp({ sport: 1, dport: 4789, check: 'zero', payload: Buffer.concat([hex('08 00 00 00 00 00 2a 00'), Buffer.alloc(14)]) }));
    const d = decodePacket(LINKTYPE_IPV6, vx, vx.length);
    assert.equal(classifyL4(vx, d.ip[0]!, d.l4[0]!).verdict, 'absent');
  });

  it('unverifiable for an IP fragment', () => {
    const [first] = ipv4Fragments({ src: '10.0.0.1', dst: '10.0.0.2', id: 1 }, udp({ sport: 1, dport: 2, payload: pattern(3000, 1) }), 1480);
    const d = decodePacket(LINKTYPE_IPV4, first!, first!.length);
    assert.equal(ipv4HeaderValid(first!, d.ip[0]!), true);
    assert.deepEqual(classifyTransport(first!, d).map((c) => [c.layer, c.verdict, c.reason]), [['udp', 'unverifiable', 'IP fragment']]);
  });

  it('a 32-bit length in the pseudo-header: a 70,000-byte jumbogram and BIG TCP packets', () => {
    const payload = pattern(70_000, 5);
    for (const spec of [{ jumbo: true }, { payloadLengthZero: true }]) {
      const pkt = ipv6({ src: 'fd00::1', dst: 'fd00::2', ...spec }, tcp({ sport: 1, dport: 2, payload }));
      const d = decodePacket(LINKTYPE_IPV6, pkt, pkt.length);
      const l4 = d.l4[0]!;
      const seg = pkt.subarray(l4.offset);
      assert.equal(seg.readUInt16BE(16), referenceL4(6, 'fd00::1', 'fd00::2', 6, seg, 16));
      assert.equal(classifyL4(pkt, d.ip[0]!, l4).verdict, 'valid');
    }
    const v4 = ipv4({ src: '10.0.0.1', dst: '10.0.0.2', totalLengthZero: true }, tcp({ sport: 1, dport: 2, payload, check: 'offload' }));
    const d4 = decodePacket(LINKTYPE_IPV4, v4, v4.length);
    assert.equal(classifyL4(v4, d4.ip[0]!, d4.l4[0]!).verdict, 'offload');
  });

  it('the incident SYN: 0x1445 is the folded pseudo-header sum; tcpdump expects 0xef05', () => {
    // 0x0a0a + 0x0001 + 0x0a0a + 0x0002 (addresses) + 0x0006 (TCP) + 0x0028 (40 bytes) = 0x1445.
    const pkt = ipv4(
      { src: '10.10.0.1', dst: '10.10.0.2', id: 0x4d2, dontFragment: true },
      tcp({ sport: 59898, dport: 5102, seq: 0x3b9aca00, flags: SYN, window: 64240, options: synOptions(1460, 0x2a6f1c00 + 0, 7), check: 'offload' }),
    );
    const d = decodePacket(LINKTYPE_IPV4, pkt, pkt.length);
    assert.deepEqual(classifyL4(pkt, d.ip[0]!, d.l4[0]!), { layer: 'tcp', depth: 0, verdict: 'offload', stored: 0x1445, expected: 0xef05 });
  });

  it('TCP checksum 0xffff where 0x0000 is computed: valid, both are zero in ones\' complement (RFC 1624 §3)', () => {
    // A SACK ACK from a lab capture, the inner IPv4 packet of a VXLAN frame; tshark calls it bad.
    const pkt = hex(`
      45 00 00 50 63 05 40 00 40 06 c3 8c 0a 0a 00 02 0a 0a 00 01  # IPv4, 80 bytes, TCP, 10.10.0.2 > 10.10.0.1
      13 ed e9 02 fd 34 09 7f ee 4a 78 36 f0 10 15 16              # ports 5101 > 59650, seq, ack, 60-byte header, ACK, window
      ff ff 00 00                                                  # checksum 0xffff, urgent pointer 0
      01 01 08 0a d7 41 e8 2e 31 c6 83 32                          # NOP NOP timestamps
      01 01 05 1a ee 4e e8 16 ee 50 5b 6e ee 4d 85 20 ee 4d f2 58 ee 4d 4e 84 ee 4d 59 70  # NOP NOP SACK, 3 blocks
    `);
    const d = decodePacket(LINKTYPE_IPV4, pkt, pkt.length);
    const seg = pkt.subarray(20);
    assert.equal(referenceL4(4, '10.10.0.2', '10.10.0.1', 6, seg, 16), 0x0000);
    assert.deepEqual(classifyL4(pkt, d.ip[0]!, d.l4[0]!), { layer: 'tcp', depth: 0, verdict: 'valid', stored: 0xffff });
    pkt.writeUInt16BE(0x0000, 36);
    assert.equal(classifyL4(pkt, d.ip[0]!, d.l4[0]!).verdict, 'valid');
  });

  it('IPv4 header checksum: valid, or not once a header byte changes', () => {
    const pkt = ipv4({ src: '10.0.0.1', dst: '10.0.0.2', id: 1 }, udp({ sport: 1, dport: 2, payload: Buffer.alloc(4) }));
    const d = decodePacket(LINKTYPE_IPV4, pkt, pkt.length);
    const good = pkt.readUInt16BE(10);
    assert.equal(good, referenceChecksum(Buffer.concat([pkt.subarray(0, 10), pkt.subarray(12, 20)])));
    assert.equal(ipv4HeaderValid(pkt, d.ip[0]!), true);
    const bad = Buffer.from(pkt);
    bad[8] = 1;
    assert.notEqual(referenceChecksum(Buffer.concat([bad.subarray(0, 10), bad.subarray(12, 20)])), good);
    assert.equal(ipv4HeaderValid(bad, d.ip[0]!), false);
  });
});

describe('ICMP, ICMPv6 and IGMP messages', () => {
  const decoded = (fixture: string, linkType = LINKTYPE_IPV4) => {
    const b = hex(fixture);
    return { b, p: decodePacket(linkType, b, b.length) };
  };
  const verdictOf = (b: Buffer, p: ReturnType<typeof decodePacket>) => classifyMessage(b, p.ip[p.control!.ipIndex]!, p.control!);

  it('valid: every checksum of each fixture, IPv4 headers included', () => {
    for (const [fixture, linkType, layers] of [
      [ICMP_ECHO, LINKTYPE_IPV4, ['ipv4', 'icmp']],
      [ICMP_PORT_UNREACHABLE, LINKTYPE_IPV4, ['ipv4', 'icmp']],
      [ICMPV6_ECHO, LINKTYPE_IPV6, ['icmpv6']],
      [IGMP_REPORT, LINKTYPE_IPV4, ['ipv4', 'igmp']],
    ] as const) {
      const { b, p } = decoded(fixture, linkType);
      const checks = [...p.ip.filter((ip) => ip.version === 4).map((ip) => ['ipv4', ipv4HeaderValid(b, ip) ? 'valid' : 'corrupt']), [verdictOf(b, p).layer, verdictOf(b, p).verdict]];
      assert.deepEqual(checks, layers.map((l) => [l, 'valid']));
    }
  });

  it('corrupt: a data byte changed, with the expected value of the bytes as they are', () => {
    const { b, p } = decoded(ICMP_ECHO);
    b[b.length - 1] = 0x69;
    // "h" (0x68) became "i": the sum grows by one, so the checksum must shrink by one.
    assert.deepEqual(verdictOf(b, p), { layer: 'icmp', depth: 0, verdict: 'corrupt', stored: 0x5435, expected: 0x5434 });
  });

  it('ICMPv6 covers the pseudo-header: the checksum of the message alone is corrupt', () => {
    const { b, p } = decoded(ICMPV6_ECHO, LINKTYPE_IPV6);
    b.writeUInt16BE(0xa903, 42);
    assert.deepEqual(verdictOf(b, p), { layer: 'icmpv6', depth: 0, verdict: 'corrupt', stored: 0xa903, expected: 0xaeb8 });
  });

  it('IGMP covers the message only: a changed group address is corrupt', () => {
    const { b, p } = decoded(IGMP_REPORT);
    b[b.length - 1] = 0xfc;
    assert.equal(verdictOf(b, p).verdict, 'corrupt');
  });

  it('unverifiable when cut by the snaplen or fragmented', () => {
    const b = hex(ICMP_ECHO);
    const cut = decodePacket(LINKTYPE_IPV4, b.subarray(0, 30), b.length);
    assert.deepEqual([verdictOf(b.subarray(0, 30), cut).verdict, verdictOf(b.subarray(0, 30), cut).reason], ['unverifiable', 'truncated by snaplen']);
    const frag = Buffer.from(b);
    frag[6] = 0x20; // more fragments
    frag.writeUInt16BE(0, 10);
    frag.writeUInt16BE(checksumOf(sumWords(frag, 0, 20)), 10);
    const p = decodePacket(LINKTYPE_IPV4, frag, frag.length);
    assert.deepEqual([verdictOf(frag, p).verdict, verdictOf(frag, p).reason], ['unverifiable', 'IP fragment']);
  });
});
