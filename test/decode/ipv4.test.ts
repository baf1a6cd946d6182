// IPv4: options, fragments, total length 0 (TSO/BIG TCP), and bad or cut headers.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePacket, LINKTYPE_IPV4 } from '../../src/decode/index.js';
import { hex, IPV4_UDP } from './hex.js';

const decode = (b: Buffer, wire = b.length) => decodePacket(LINKTYPE_IPV4, b, wire);

describe('ipv4', () => {
  it('decodes the fixed header', () => {
    const p = decode(hex(IPV4_UDP));
    assert.deepEqual(p.ip, [
      { version: 4, depth: 0, offset: 0, headerLength: 20, src: '10.0.0.1', dst: '10.0.0.2', protocol: 17, payloadLength: 12, lengthFromFrame: false, jumbo: false, ttl: 64, id: 1, fragment: false, fragmentOffset: 0, pseudoSrc: 12, pseudoDst: 16 },
    ]);
    assert.equal(p.l4[0]!.offset, 20);
  });

  it('skips options by IHL', () => {
    const p = decode(hex(`
      46          # version 4, IHL 6 (24 bytes)
      00 00 24    # TOS, total length 36
      00 02 00 00 # id 2, no flags
      40 11 00 00 # TTL 64, UDP, checksum
      0a 00 00 01 0a 00 00 02  # addresses
      94 04 00 00 # option: router alert (type 148, length 4, value 0)
      00 35 00 35 00 0c 00 00 # UDP 53 > 53, length 12
      01 02 03 04 # payload`));
    assert.equal(p.ip[0]!.headerLength, 24);
    assert.equal(p.l4[0]!.offset, 24);
    assert.equal(p.l4[0]!.srcPort, 53);
  });

  it('marks fragments: the first is decoded further, later ones are not', () => {
    const first = decode(hex(`
      45 00 00 1c # IHL 5, total length 28
      be ef 20 00 # id 0xbeef, MF set, offset 0
      40 11 00 00 0a 00 00 01 0a 00 00 02
      23 28 23 29 0b c0 00 00 # UDP 9000 > 9001, length 3008 (the whole datagram)`));
    assert.equal(first.ip[0]!.fragment, true);
    assert.equal(first.ip[0]!.fragmentOffset, 0);
    assert.deepEqual(first.layers, ['ipv4', 'udp']);
    assert.equal(first.invalid, undefined);
    const later = decode(hex(`
      45 00 00 1c # total length 28
      be ef 00 b9 # id 0xbeef, no MF, offset 185 x 8 = 1480
      40 11 00 00 0a 00 00 01 0a 00 00 02
      00 00 00 00 00 00 00 00 # 8 bytes of the datagram's middle`));
    assert.equal(later.ip[0]!.fragment, true);
    assert.equal(later.ip[0]!.fragmentOffset, 1480);
    assert.deepEqual(later.layers, ['ipv4']);
    assert.equal(later.l4.length, 0);
  });

  it('takes the length from the frame when total length is 0 (TSO / BIG TCP)', () => {
    const b = hex(`
      45 00 00 00 # total length 0
      00 00 40 00 40 06 00 00 0a 00 00 01 0a 00 00 02
      13 88 14 51 00 00 00 01 00 00 00 00 50 10 01 00 00 00 00 00 # TCP 5000 > 5201, data offset 5, ACK`);
    // 70,000 bytes on the wire, 40 captured.
    const p = decode(b, 70_000);
    assert.equal(p.ip[0]!.lengthFromFrame, true);
    assert.equal(p.ip[0]!.payloadLength, 70_000 - 20);
    assert.equal(p.l4[0]!.length, 70_000 - 20);
    assert.equal(p.l4[0]!.truncated, true);
    assert.equal(p.invalid, undefined);
  });

  it('rejects contradictions as invalid', () => {
    assert.match(decode(hex('65 00 00 14' + '00'.repeat(16))).invalid ?? '', /version 6/);
    assert.match(decode(hex('44 00 00 14' + '00'.repeat(16))).invalid ?? '', /header length 16 is below 20/);
    assert.match(decode(hex('45 00 00 10' + '00'.repeat(16))).invalid ?? '', /total length 16 is shorter than its header/);
    assert.match(decode(hex('45 00 00 40' + '00'.repeat(16))).invalid ?? '', /total length claims 64 bytes but only 20 follow/);
  });

  it('calls a header cut by the snap length truncated', () => {
    const b = hex(IPV4_UDP);
    const p = decode(b.subarray(0, 12), b.length);
    assert.equal(p.truncated, true);
    assert.equal(p.invalid, undefined);
    assert.equal(p.ip.length, 0);
  });
});
