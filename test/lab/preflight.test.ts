// Not root, or a package missing: one line naming what to do, exit 2, nothing built.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run } from '../../src/host/run.js';
import { CLI, cli } from './harness.js';

const isRoot = process.getuid?.() === 0;

test('not root: exit 2 and one line saying so', async () => {
  // As root, drop to nobody to see what a user sees.
  const r = isRoot ? await run('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, 'lab', 'up']) : await cli(['lab', 'up']);
  assert.equal(r.exitCode, 2);
  assert.equal(r.stderr, 'ovsforensics: lab up needs root (network namespaces, Open vSwitch, nftables): run it with sudo');
});

test('root without Open vSwitch on the path: exit 2 naming the Debian package', { skip: isRoot ? false : 'needs root to get past the root check' }, async () => {
  const r = await cli(['lab', 'up', '--runtime', 'netns'], 30_000, { PATH: '/nonexistent' });
  assert.equal(r.exitCode, 2);
  assert.equal(r.stderr, 'ovsforensics: ovs-vsctl not found: install the Debian package openvswitch-switch');
});

test('bad flags: exit 2 before anything is checked', async () => {
  const r = await cli(['lab', 'up', '--corrupt', '150']);
  assert.equal(r.exitCode, 2);
  assert.match(r.stderr, /^ovsforensics: --corrupt '150': expected a percentage from 0\.01 to 100$/);
});
