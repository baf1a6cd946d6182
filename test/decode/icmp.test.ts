// ICMP (RFC 792): the message is recorded with its type and code; an error's quoted packet is not
// decoded as a live segment.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePacket, LINKTYPE_IPV4 } from '../../src/decode/index.js';
import { hex } from './hex.js';
import { ICMP_ECHO, ICMP_PORT_UNREACHABLE } from './message-fixtures.js';

const decode = (b: Buffer, wire = b.length) => decodePacket(LINKTYPE_IPV4, b, wire);

describe('icmp', () => {
  it('records an echo request: type, code, the bytes its checksum covers', () => {
    const p = decode(hex(ICMP_ECHO));
    assert.deepEqual(p.layers, ['ipv4', 'icmp']);
    assert.deepEqual(p.control, { protocol: 'icmp', depth: 0, ipIndex: 0, offset: 20, length: 16, type: 8, code: 0, error: false, truncated: false });
    assert.deepEqual(p.l4, []);
  });

  it('an error quotes the datagram that caused it: no TCP/UDP header is decoded from the quote', () => {
    const p = decode(hex(ICMP_PORT_UNREACHABLE));
    assert.deepEqual(p.layers, ['ipv4', 'icmp']);
    assert.deepEqual([p.control?.type, p.control?.code, p.control?.error, p.control?.length], [3, 3, true, 36]);
    assert.deepEqual([p.ip.length, p.l4.length], [1, 0]);
  });

  it('truncated by snaplen versus a header that was never sent', () => {
    const b = hex(ICMP_ECHO);
    const cut = decode(b.subarray(0, 30), b.length);
    assert.equal(cut.control?.truncated, true);
    assert.equal(cut.invalid, undefined);
    assert.equal(decode(b.subarray(0, 22), b.length).truncated, true);
  });
});
