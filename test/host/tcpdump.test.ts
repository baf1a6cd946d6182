// tcpdump's exit statistics.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTcpdumpStats } from '../../src/host/tcpdump.js';

test('captured and dropped-by-kernel counts', () => {
  const stderr = 'tcpdump: listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n35210 packets captured\n35300 packets received by filter\n90 packets dropped by kernel\n';
  assert.deepEqual(parseTcpdumpStats(stderr), { captured: 35210, received: 35300, dropped: 90 });
  assert.deepEqual(parseTcpdumpStats('1 packet captured\n1 packet received by filter\n0 packets dropped by kernel\n'), { captured: 1, received: 1, dropped: 0 });
});
