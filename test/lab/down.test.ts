// Issue 3 (6): `down` leaves nothing, after a normal `up`, after an `up` killed with SIGKILL, and
// after a private dockerd was killed; an `up` interrupted by SIGINT or SIGTERM undoes itself.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { startBackground } from '../../src/host/process.js';
import { labPaths } from '../../src/lab/paths.js';
import { CLI, LAB_SKIP, labDown, labUp, leftovers } from './harness.js';

/** Starts `lab up`, and once it has printed a step matching `at`, sends it `signal`. */
async function interruptUp(signal: NodeJS.Signals, at: RegExp, ...flags: string[]) {
  const up = startBackground(process.execPath, [CLI, 'lab', 'up', ...flags], { timeoutMs: 120_000 });
  await up.waitForLine('stderr', at, 60_000);
  return up.stop(signal);
}

describe('lab down', { skip: LAB_SKIP }, () => {
  test('after a normal up (with injectors), nothing is left', async () => {
    await labDown();
    await labUp('--runtime', 'netns', '--corrupt', '1', '--blind', '1');
    assert.ok((await leftovers()).length >= 5);
    await labDown();
    assert.deepEqual(await leftovers(), []);
  });

  test('after an up killed with SIGKILL halfway, down removes what it left', async () => {
    await labDown();
    const r = await interruptUp('SIGKILL', /container test_mac /, '--runtime', 'netns');
    assert.equal(r.exitCode, -1);
    assert.ok((await leftovers()).some((l) => l.startsWith('netns ')), 'the killed up left namespaces');
    await labDown();
    assert.deepEqual(await leftovers(), []);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    test(`an up interrupted by ${signal} undoes itself`, async () => {
      await labDown();
      const r = await interruptUp(signal, /hostB: Open vSwitch/, '--runtime', 'netns');
      assert.match(r.stderr, /undoing the partial lab/);
      assert.deepEqual(await leftovers(), []);
    });
  }

  test('docker runtime with its private dockerd killed: down still removes containers, shims and mounts', async () => {
    await labDown();
    await labUp('--runtime', 'docker');
    const dockerd = Number(readFileSync(join(labPaths.docker, 'dockerd.pid'), 'utf8'));
    process.kill(dockerd, 'SIGKILL');
    await labDown();
    assert.deepEqual(await leftovers(), []);
  });
});
