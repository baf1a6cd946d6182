// fix's feature arithmetic on recorded `ethtool -k` output: what to change, what refuses, and the
// leaf settings that restore a snapshot exactly.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../src/errors.js';
import { parseEthtoolFeatures } from '../../src/host/ethtool.js';
import { featureChanges, leafNames, parseFeatureList, restoreSettings, settingsToApply } from '../../src/remedy/features.js';
import { recorded } from './recorded.js';

const on = parseEthtoolFeatures(recorded('ethtool-k-veth.txt'));
const txOff = parseEthtoolFeatures(recorded('ethtool-k-veth-tx-off.txt'));
const tap = parseEthtoolFeatures(recorded('ethtool-k-tap.txt'));

test('--features: names turned off; short names map to the groups ethtool -k prints', () => {
  assert.deepEqual(parseFeatureList('tx, rx'), { tx: false, rx: false });
  assert.throws(() => parseFeatureList(','), UsageError);
  assert.deepEqual(settingsToApply(on, { tx: false, rx: false }, 'eth1', 'veth'), { tx: false, rx: false });
  assert.deepEqual(settingsToApply(txOff, { tx: false, rx: false }, 'eth1', 'veth'), { rx: false });
  assert.deepEqual(settingsToApply(on, { 'tx-udp_tnl-segmentation': false }, 'eth1', 'veth'), { 'tx-udp_tnl-segmentation': false });
});

test('a feature the driver fixes, or one the interface lacks, is one clear usage error', () => {
  const lo = parseEthtoolFeatures('Features for lo:\nrx-checksumming: on [fixed]\ntx-checksumming: on\n');
  assert.throws(() => settingsToApply(lo, { rx: false }, 'lo', ''), { name: 'UsageError', message: 'lo: rx-checksumming is on [fixed] by its driver, ethtool cannot turn it off' });
  assert.throws(() => settingsToApply(on, { bogus: false }, 'eth1', 'veth'), { message: 'feature bogus: ethtool -k eth1 does not list bogus' });
  // Already off and fixed: nothing to do, no error.
  assert.deepEqual(settingsToApply(tap, { rx: false }, 'br-phy', 'tun'), {});
});

test('groups are not leaves; a top-level line without indented ones is', () => {
  const leaves = leafNames(on);
  assert.ok(!leaves.includes('tx-checksumming') && leaves.includes('tx-checksum-ip-generic'));
  assert.ok(leaves.includes('generic-segmentation-offload') && leaves.includes('rx-checksumming'));
});

test('tx off, read back: every dependent change is listed', () => {
  const changed = featureChanges(on, txOff).map((c) => `${c.name}: ${c.from} -> ${c.to}`);
  assert.deepEqual(changed, [
    'tx-checksumming: on -> off',
    'tx-checksum-ip-generic: on -> off',
    'tx-checksum-sctp: on -> off',
    'tx-tcp-segmentation: on -> off [requested on]',
    'tx-tcp-ecn-segmentation: on -> off [requested on]',
    'tx-tcp-mangleid-segmentation: on -> off [requested on]',
    'tx-tcp6-segmentation: on -> off [requested on]',
    'tx-udp-segmentation: on -> off [requested on]',
  ]);
});

test('restoring sets only the leaves whose request differs; held-back ones come back by themselves', () => {
  assert.deepEqual(restoreSettings(on, txOff), { 'tx-checksum-ip-generic': true, 'tx-checksum-sctp': true });
  assert.deepEqual(restoreSettings(on, on), {});
  // Back the other way, a held-back request is restored as a request.
  assert.deepEqual(restoreSettings(txOff, on), { 'tx-checksum-ip-generic': false, 'tx-checksum-sctp': false });
});
