// ICMP, ICMPv6 and IGMP through the analyzer: counted as their own layers, never as segments; a
// damaged one is corruption, counted as a message.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LINKTYPE_IPV4, LINKTYPE_IPV6 } from '../../src/decode/index.js';
import { hex } from '../decode/hex.js';
import { ICMP_ECHO, ICMP_PORT_UNREACHABLE, ICMPV6_ECHO, IGMP_REPORT } from '../decode/message-fixtures.js';
import { analyse } from './feed.js';

test('ICMP, ICMPv6 and IGMP are layers of their own; an error quoting a UDP datagram adds no segment', () => {
  const r = analyse([
    { data: hex(ICMP_ECHO), linkType: LINKTYPE_IPV4 },
    { data: hex(ICMP_PORT_UNREACHABLE), linkType: LINKTYPE_IPV4 },
    { data: hex(ICMPV6_ECHO), linkType: LINKTYPE_IPV6 },
    { data: hex(IGMP_REPORT), linkType: LINKTYPE_IPV4 },
  ]);
  assert.deepEqual(
    r.layers.map((l) => [l.layer, l.depth, l.counts.valid]),
    [
      ['ipv4', 0, 3],
      ['icmp', 0, 2],
      ['icmpv6', 0, 1],
      ['igmp', 0, 1],
    ],
  );
  assert.equal(Object.values(r.segments).reduce((a, b) => a + b, 0), 0);
  assert.deepEqual(r.flows, []);
  assert.deepEqual(r.findings, []);
});

test('a damaged ICMP echo is corruption of one message, with its bytes shown', () => {
  const bad = hex(ICMP_ECHO);
  bad[bad.length - 1] = 0x69;
  const r = analyse([{ data: bad, linkType: LINKTYPE_IPV4 }]);
  const f = r.findings.find((x) => x.kind === 'corruption');
  assert.ok(f, JSON.stringify(r.findings));
  assert.deepEqual([f.count, f.evidence.corruptMessages, f.evidence.corruptSegments], [1, 1, 0]);
  assert.match(f.summary, /^1 ICMP\/IGMP message was altered after its checksum was computed \(e\.g\. frame 1: stored 0x5435, expected 0x5434\)/);
  assert.deepEqual([r.corrupt[0]?.layer, r.corrupt[0]?.hexOffset], ['icmp', 20]);
});
