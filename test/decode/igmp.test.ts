// IGMP (RFC 2236, RFC 3376) after an IPv4 header with the Router Alert option.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePacket, LINKTYPE_IPV4 } from '../../src/decode/index.js';
import { hex } from './hex.js';
import { IGMP_REPORT } from './message-fixtures.js';

describe('igmp', () => {
  it('records a version 2 membership report after the options', () => {
    const b = hex(IGMP_REPORT);
    const p = decodePacket(LINKTYPE_IPV4, b, b.length);
    assert.deepEqual(p.layers, ['ipv4', 'igmp']);
    assert.deepEqual(p.control, { protocol: 'igmp', depth: 0, ipIndex: 0, offset: 24, length: 8, type: 0x16, code: 0, error: false, truncated: false });
  });
});
