// fix's snapshot files: written whole, read back, a foreign file refused with its path.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseEthtoolFeatures } from '../../src/host/ethtool.js';
import { readSnapshot, removeSnapshot, snapshotPath, writeSnapshot, type Snapshot } from '../../src/remedy/snapshot.js';
import { scratchDir } from '../support.js';
import { recorded } from './recorded.js';

test('keyed by namespace inode and interface; round trip; removal', () => {
  const dir = scratchDir();
  const path = snapshotPath(4026532315, 'eth1', join(dir, 'fix'));
  assert.equal(path, join(dir, 'fix', 'net-4026532315-eth1.json'));
  assert.equal(readSnapshot(path), undefined);
  const s: Snapshot = {
    schema: 'ovsforensics.fix-snapshot/1',
    takenAt: '2026-01-01T00:00:00Z',
    target: 'netns ovsf-test_mac',
    netnsInode: 4026532315,
    iface: 'eth1',
    ifindex: 2,
    address: '96:93:f1:d5:3d:88',
    features: parseEthtoolFeatures(recorded('ethtool-k-veth.txt')),
    command: 'ip netns exec ovsf-test_mac ethtool -k eth1',
  };
  writeSnapshot(path, s);
  assert.deepEqual(readSnapshot(path), s);
  removeSnapshot(path);
  assert.equal(readSnapshot(path), undefined);
});

test('a file that is not a snapshot is an input error naming it', () => {
  const path = join(scratchDir(), 'net-1-eth1.json');
  writeFileSync(path, '{"schema":"other"}');
  assert.throws(() => readSnapshot(path), { name: 'InputError', message: `${path}: not a fix snapshot (schema other): remove it to start over` });
});
