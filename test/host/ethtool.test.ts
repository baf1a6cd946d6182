// `ethtool -k` text into a typed map.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEthtoolFeatures, parseEthtoolStats } from '../../src/host/ethtool.js';

const VETH = `Features for eth1:
rx-checksumming: on
tx-checksumming: off
	tx-checksum-ipv4: off [fixed]
	tx-checksum-ip-generic: off [requested on]
tcp-segmentation-offload: off
	tx-tcp-segmentation: off [requested on]
generic-receive-offload: on
hsr-dup-offload: off [fixed]
`;

test('top-level and indented features, with [fixed] and [requested on]', () => {
  const f = parseEthtoolFeatures(VETH);
  assert.deepEqual(f['rx-checksumming'], { on: true, fixed: false, sub: false });
  assert.deepEqual(f['tx-checksumming'], { on: false, fixed: false, sub: false });
  assert.deepEqual(f['tx-checksum-ipv4'], { on: false, fixed: true, sub: true });
  assert.deepEqual(f['tx-checksum-ip-generic'], { on: false, fixed: false, sub: true, requested: true });
  assert.equal(f['generic-receive-offload']?.on, true);
  assert.equal(f['hsr-dup-offload']?.fixed, true);
  assert.equal(Object.keys(f).length, 8);
});

test('the heading line is not a feature', () => {
  assert.equal(parseEthtoolFeatures('Features for eth1:\n')['Features for eth1'], undefined);
});

test('ethtool -S: every counter by name, the heading skipped', () => {
  const text = 'NIC statistics:\n     rx_packets: 1204\n     rx_csum_err: 37\n     rx_queue_0_csum_complete: 9\n     tx_csum_partial: 0\n';
  assert.deepEqual(parseEthtoolStats(text), { rx_packets: 1204, rx_csum_err: 37, rx_queue_0_csum_complete: 9, tx_csum_partial: 0 });
});
