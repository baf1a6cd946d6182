// A capture point's record is the increase of its counters over the capture.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { increase } from '../../src/capture/counters.js';

test('after minus before per counter; one first seen at the end, or gone backwards (a reset), counts 0', () => {
  assert.deepEqual(increase({ UdpInCsumErrors: 3, TcpInCsumErrors: 10, rx_csum_err: 5 }, { UdpInCsumErrors: 40, TcpInCsumErrors: 10, rx_csum_err: 1, Udp6InCsumErrors: 2 }), {
    UdpInCsumErrors: 37,
    TcpInCsumErrors: 0,
    rx_csum_err: 0,
    Udp6InCsumErrors: 0,
  });
});
