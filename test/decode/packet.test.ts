// Link-type dispatch: raw IP (101, and the BSD values 12/14), LINKTYPE_IPV4/IPV6, unknown types.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePacket, isSupportedLinkType, LINKTYPE_IPV6, LINKTYPE_RAW } from '../../src/decode/index.js';
import { hex, IPV4_UDP } from './hex.js';

describe('raw IP and link types', () => {
  it('tells IPv4 from IPv6 by the version nibble', () => {
    const v4 = hex(IPV4_UDP);
    assert.deepEqual(decodePacket(LINKTYPE_RAW, v4, v4.length).layers, ['ipv4', 'udp']);
    assert.deepEqual(decodePacket(12, v4, v4.length).layers, ['ipv4', 'udp']);
    const v6 = hex('60 00 00 00 00 00 3b 40' + ' 00'.repeat(32));
    assert.deepEqual(decodePacket(LINKTYPE_RAW, v6, v6.length).layers, ['ipv6']);
    assert.deepEqual(decodePacket(LINKTYPE_IPV6, v6, v6.length).layers, ['ipv6']);
  });

  it('rejects another version; an empty capture of a longer frame is truncated', () => {
    assert.match(decodePacket(LINKTYPE_RAW, hex('50 00'), 2).invalid ?? '', /raw IP packet with version 5/);
    const empty = decodePacket(LINKTYPE_RAW, Buffer.alloc(0), 60);
    assert.deepEqual([empty.truncated, empty.invalid], [true, undefined]);
  });

  it('names link types it does not decode', () => {
    assert.equal(isSupportedLinkType(127), false);
    assert.equal(isSupportedLinkType(276), true);
    assert.deepEqual(decodePacket(127, Buffer.alloc(4), 4).layers, ['linktype-127']);
  });
});
