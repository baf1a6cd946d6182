// IPv6: extension headers, jumbograms (RFC 2675), BIG TCP payload length 0, fragments, and the
// addresses the pseudo-header takes (Routing header final destination, Home Address option).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePacket, LINKTYPE_IPV6 } from '../../src/decode/index.js';
import { hex } from './hex.js';
import { HOME_ADDRESS, ROUTING_SRH, ROUTING_TYPE0, ROUTING_TYPE0_ARRIVED } from './ipv6-fixtures.js';

const decode = (b: Buffer, wire = b.length) => decodePacket(LINKTYPE_IPV6, b, wire);
const ADDRS = `
  fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01  # source fd00::1
  fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 02  # destination fd00::2
`;
const UDP8 = '30 39 00 35 00 08 00 00 # UDP 12345 > 53, length 8, no payload';

describe('ipv6', () => {
  it('walks hop-by-hop, routing and destination options headers to UDP', () => {
    const p = decode(hex(`
      60 00 00 00  # version 6, traffic class 0, flow label 0
      00 30        # payload length 48
      00           # next header 0 (hop-by-hop)
      40           # hop limit 64
      ${ADDRS}
      2b 00 05 02 00 00 01 00  # HBH: next 43 (routing), len 0 (8 bytes), router alert, PadN
      3c 02 02 00 00 00 00 00  # routing: next 60 (dest opts), len 2 (24 bytes), type 2, segments left 0, reserved
      fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 02  #   address fd00::2
      11 00 01 04 00 00 00 00  # destination options: next 17 (UDP), len 0, PadN 4
      ${UDP8}`));
    assert.deepEqual(p.layers, ['ipv6', 'udp']);
    assert.equal(p.ip[0]!.headerLength, 40 + 8 + 24 + 8);
    assert.equal(p.ip[0]!.protocol, 17);
    assert.equal(p.ip[0]!.payloadLength, 8);
    assert.equal(p.l4[0]!.offset, 80);
  });

  it('takes the length of a jumbogram from its Jumbo Payload option', () => {
    const b = hex(`
      60 00 00 00 00 00 00 40  # payload length 0, next header 0 (hop-by-hop), hop limit 64
      ${ADDRS}
      06 00 c2 04 00 01 11 78  # HBH: next 6 (TCP), len 0; Jumbo Payload option, length 70008 (0x00011178)
      13 88 14 51 00 00 00 01 00 00 00 00 50 10 01 00 00 00 00 00  # TCP header, data offset 5`);
    const p = decode(b, 40 + 70_008);
    assert.equal(p.ip[0]!.jumbo, true);
    assert.equal(p.ip[0]!.lengthFromFrame, false);
    assert.equal(p.ip[0]!.payloadLength, 70_000);
    assert.equal(p.l4[0]!.length, 70_000);
    assert.equal(p.invalid, undefined);
  });

  it('takes the length from the frame for BIG TCP (payload length 0, no jumbo option)', () => {
    const b = hex(`60 00 00 00 00 00 06 40 ${ADDRS}
      13 88 14 51 00 00 00 01 00 00 00 00 50 10 01 00 00 00 00 00  # TCP`);
    const p = decode(b, 40 + 120_020);
    assert.equal(p.ip[0]!.lengthFromFrame, true);
    assert.equal(p.ip[0]!.jumbo, false);
    assert.equal(p.l4[0]!.length, 120_020);
  });

  it('stops after a non-first fragment, keeps going after an atomic one', () => {
    const later = decode(hex(`60 00 00 00 00 10 2c 40 ${ADDRS}
      11 00 05 a8 00 00 ab cd  # fragment: next 17, offset 181 x 8 = 1448, M=0, id 0xabcd
      00 00 00 00 00 00 00 00  # 8 bytes of the middle`));
    assert.equal(later.ip[0]!.fragment, true);
    assert.equal(later.ip[0]!.fragmentOffset, 1448);
    assert.equal(later.ip[0]!.id, 0xabcd);
    assert.equal(later.l4.length, 0);
    // RFC 6946 atomic fragment: offset 0 and M clear, the whole packet: its checksum is checkable.
    const atomic = decode(hex(`60 00 00 00 00 10 2c 40 ${ADDRS}
      11 00 00 00 00 00 00 01  # fragment: next 17, offset 0, M=0, id 1
      ${UDP8}`));
    assert.equal(atomic.ip[0]!.fragment, false);
    assert.deepEqual(atomic.layers, ['ipv6', 'udp']);
  });

  it('truncated versus invalid', () => {
    const b = hex(`60 00 00 00 00 10 00 40 ${ADDRS} 11 00 00 00 00 00 00 00 ${UDP8}`);
    const cut = decode(b.subarray(0, 44), b.length);
    assert.equal(cut.truncated, true);
    assert.equal(cut.invalid, undefined);
    // The payload length claims 16 bytes but the frame ends after 8 on the wire.
    const short = decode(b.subarray(0, 48));
    assert.match(short.invalid ?? '', /payload length claims|extension header needs/);
    assert.match(decode(hex(`40 00 00 00 00 00 3b 40 ${ADDRS}`)).invalid ?? '', /version 4/);
  });

  it('pseudo-header addresses: the header own ones without a Routing header or Home Address option', () => {
    const p = decode(hex(`60 00 00 00 00 08 11 40 ${ADDRS} ${UDP8}`));
    assert.deepEqual([p.ip[0]!.pseudoSrc, p.ip[0]!.pseudoDst], [8, 24]);
  });

  it('pseudo-header destination: the last address of a type 0 Routing header while segments are left', () => {
    const p = decode(hex(ROUTING_TYPE0));
    assert.equal(p.invalid, undefined);
    assert.deepEqual(p.layers, ['ipv6', 'udp']);
    // 40 (IPv6) + 8 (routing header fields) + 16 (address 1): address 2.
    assert.deepEqual([p.ip[0]!.pseudoSrc, p.ip[0]!.pseudoDst], [8, 64]);
    assert.equal(p.ip[0]!.dst, 'fd00::2', 'the flow keeps the header destination');
    const arrived = decode(hex(ROUTING_TYPE0_ARRIVED));
    assert.equal(arrived.ip[0]!.pseudoDst, 24, 'no segments left: the header destination is final');
  });

  it('pseudo-header destination: Segment List[0] of a Segment Routing Header (the last segment)', () => {
    assert.equal(decode(hex(ROUTING_SRH)).ip[0]!.pseudoDst, 48);
  });

  it('pseudo-header source: the home address of a Home Address destination option', () => {
    const p = decode(hex(HOME_ADDRESS));
    assert.deepEqual(p.layers, ['ipv6', 'udp']);
    // 40 (IPv6) + 2 (next, length) + 4 (PadN) + 2 (option type, length).
    assert.deepEqual([p.ip[0]!.pseudoSrc, p.ip[0]!.pseudoDst], [48, 24]);
    assert.equal(p.ip[0]!.src, 'fd00::99');
  });
});
