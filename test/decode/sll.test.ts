// Linux cooked captures SLL and SLL2: protocol, direction from the packet type, netlink.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePacket, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2 } from '../../src/decode/index.js';
import { hex, IPV4_UDP } from './hex.js';

describe('sll', () => {
  it('decodes SLL: outgoing packet type is outbound', () => {
    const b = hex(`
      00 04                    # packet type 4 (outgoing)
      00 01                    # ARPHRD_ETHER
      00 06                    # link-layer address length 6
      02 00 00 00 00 01 00 00  # address, padded to 8
      08 00                    # protocol IPv4
      ${IPV4_UDP}`);
    const p = decodePacket(LINKTYPE_LINUX_SLL, b, b.length);
    assert.deepEqual(p.layers, ['sll', 'ipv4', 'udp']);
    assert.equal(p.linkDirection, 'outbound');
  });

  it('decodes SLL: to-us packet type is inbound; netlink is not decoded', () => {
    const b = hex(`00 00 00 01 00 06 02 00 00 00 00 01 00 00 08 00 ${IPV4_UDP}`);
    assert.equal(decodePacket(LINKTYPE_LINUX_SLL, b, b.length).linkDirection, 'inbound');
    const nl = hex('00 04 03 38 00 00 00 00 00 00 00 00 00 00 00 10  # ARPHRD_NETLINK (824)');
    assert.deepEqual(decodePacket(LINKTYPE_LINUX_SLL, nl, nl.length).layers, ['sll', 'netlink']);
  });

  it('is truncated when the header is cut, invalid when the frame is shorter than it', () => {
    const b = hex(`00 04 00 01 00 06 02 00 00 00 00 01 00 00 08 00 ${IPV4_UDP}`);
    const cut = decodePacket(LINKTYPE_LINUX_SLL, b.subarray(0, 10), b.length);
    assert.deepEqual([cut.truncated, cut.invalid], [true, undefined]);
    assert.match(decodePacket(LINKTYPE_LINUX_SLL, b.subarray(0, 10), 10).invalid ?? '', /SLL header needs 16 bytes/);
  });
});

describe('sll2', () => {
  it('decodes SLL2: protocol first, packet type at byte 10', () => {
    const b = hex(`
      08 00                    # protocol IPv4
      00 00                    # reserved
      00 00 00 05              # interface index 5
      00 01                    # ARPHRD_ETHER
      00                       # packet type 0 (to us)
      06                       # address length
      52 54 00 00 40 02 00 00  # address
      ${IPV4_UDP}`);
    const p = decodePacket(LINKTYPE_LINUX_SLL2, b, b.length);
    assert.deepEqual(p.layers, ['sll2', 'ipv4', 'udp']);
    assert.equal(p.linkDirection, 'inbound');
    b[10] = 4;
    assert.equal(decodePacket(LINKTYPE_LINUX_SLL2, b, b.length).linkDirection, 'outbound');
  });
});
