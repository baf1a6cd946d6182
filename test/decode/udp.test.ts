// UDP: ports and lengths, tunnel dispatch by port, bad lengths, and length 0 in jumbograms.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePacket, LINKTYPE_IPV4, LINKTYPE_IPV6 } from '../../src/decode/index.js';
import { hex, IPV4_UDP } from './hex.js';

const IP_HEADER = '45 00 00 1c 00 01 00 00 40 11 00 00 0a 00 00 01 0a 00 00 02 # IPv4, total length 28, UDP\n';

describe('udp', () => {
  it('decodes ports, length and payload', () => {
    const p = decodePacket(LINKTYPE_IPV4, hex(IPV4_UDP), 32);
    assert.deepEqual(p.l4, [{ protocol: 'udp', depth: 0, ipIndex: 0, offset: 20, srcPort: 1234, dstPort: 5678, length: 12, payloadOffset: 28, payloadLength: 4, truncated: false, carrier: false }]);
  });

  it('accepts a UDP length shorter than the IP payload (trailing padding)', () => {
    const b = hex(`45 00 00 20 00 01 00 00 40 11 00 00 0a 00 00 01 0a 00 00 02
      04 d2 16 2e 00 0a 00 00  # UDP length 10: 2 payload bytes
      61 62 00 00              # payload, then 2 bytes of padding inside the IP packet`);
    assert.equal(decodePacket(LINKTYPE_IPV4, b, b.length).l4[0]!.payloadLength, 2);
  });

  it('rejects a length below 8 or beyond the IP payload', () => {
    assert.match(decodePacket(LINKTYPE_IPV4, hex(`${IP_HEADER} 00 07 00 08 00 04 00 00 # UDP length 4`), 28).invalid ?? '', /UDP length 4 is below 8/);
    assert.match(decodePacket(LINKTYPE_IPV4, hex(`${IP_HEADER} 00 07 00 08 00 10 00 00 # UDP length 16`), 28).invalid ?? '', /UDP length claims 16 bytes but only 8 follow/);
  });

  it('takes the IP length when UDP length is 0 in a jumbogram', () => {
    const b = hex(`60 00 00 00 00 00 00 40
      fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01  fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 02
      11 00 c2 04 00 01 11 78  # HBH: next UDP, Jumbo Payload 70008
      30 39 00 35 00 00 00 00  # UDP 12345 > 53, length 0`);
    const p = decodePacket(LINKTYPE_IPV6, b, 40 + 70_008);
    assert.equal(p.l4[0]!.length, 70_000);
    assert.equal(p.invalid, undefined);
  });

  it('is truncated, not invalid, when the header is cut by the snap length', () => {
    const b = hex(IPV4_UDP);
    const p = decodePacket(LINKTYPE_IPV4, b.subarray(0, 24), b.length);
    assert.equal(p.truncated, true);
    assert.equal(p.invalid, undefined);
    assert.equal(p.l4.length, 0);
  });
});
