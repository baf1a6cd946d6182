// ICMPv6 (RFC 4443): next header 58 is recorded as a message; types below 128 are errors.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePacket, LINKTYPE_IPV6 } from '../../src/decode/index.js';
import { hex } from './hex.js';
import { ICMPV6_ECHO } from './message-fixtures.js';

describe('icmpv6', () => {
  it('records an echo request', () => {
    const b = hex(ICMPV6_ECHO);
    const p = decodePacket(LINKTYPE_IPV6, b, b.length);
    assert.deepEqual(p.layers, ['ipv6', 'icmpv6']);
    assert.deepEqual(p.control, { protocol: 'icmpv6', depth: 0, ipIndex: 0, offset: 40, length: 12, type: 128, code: 0, error: false, truncated: false });
  });

  it('a packet too big (type 2) is an error', () => {
    const b = hex(ICMPV6_ECHO);
    b[40] = 2;
    assert.equal(decodePacket(LINKTYPE_IPV6, b, b.length).control?.error, true);
  });
});
