// The state file round-trips and is replaced whole.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readState, writeState, type LabState } from '../../src/lab/state.js';

test('written then read back; absent reads as undefined', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'ovsf-state-')), 'sub', 'state.json');
  assert.equal(readState(path), undefined);
  const state: LabState = { schema: 'ovsforensics.lab-state/1', runtime: 'netns', overlay: 'vxlan', underlay: 'ipv6', offload: false, injectors: { corrupt: 2 }, hosts: [], containers: [], complete: true };
  writeState(state, path);
  assert.deepEqual(readState(path), state);
  assert.equal(existsSync(`${path}.tmp`), false);
});
