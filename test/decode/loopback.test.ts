// BSD loopback: LINKTYPE_NULL (family in the writer's byte order) and LINKTYPE_LOOP (big-endian).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePacket, LINKTYPE_LOOP, LINKTYPE_NULL } from '../../src/decode/index.js';
import { hex, IPV4_UDP } from './hex.js';

const IPV6_NONE = '60 00 00 00 00 00 3b 40' + ' 00'.repeat(32) + ' # IPv6, no next header';

describe('loopback', () => {
  it('reads the family in either byte order for LINKTYPE_NULL', () => {
    const le = hex(`02 00 00 00 # AF_INET, little-endian\n ${IPV4_UDP}`);
    assert.deepEqual(decodePacket(LINKTYPE_NULL, le, le.length).layers, ['loopback', 'ipv4', 'udp']);
    const be = hex(`00 00 00 02 # AF_INET, big-endian\n ${IPV4_UDP}`);
    assert.deepEqual(decodePacket(LINKTYPE_NULL, be, be.length).layers, ['loopback', 'ipv4', 'udp']);
  });

  it('knows every AF_INET6 value (Linux 10, BSDs 24 and 28, macOS 30)', () => {
    for (const family of ['0a', '18', '1c', '1e']) {
      const b = hex(`00 00 00 ${family} ${IPV6_NONE}`);
      assert.deepEqual(decodePacket(LINKTYPE_LOOP, b, b.length).layers, ['loopback', 'ipv6'], family);
    }
  });

  it('names an unknown family; a cut header is truncated', () => {
    const b = hex('00 00 00 07 00 00');
    assert.deepEqual(decodePacket(LINKTYPE_LOOP, b, b.length).layers, ['loopback', 'af-7']);
    const cut = decodePacket(LINKTYPE_NULL, hex('02 00'), 40);
    assert.deepEqual([cut.truncated, cut.invalid], [true, undefined]);
  });
});
