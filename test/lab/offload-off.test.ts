// Issue 3 (2): the original incident's fix, `ethtool -K eth1 tx off rx off` entered through each
// container's pid, makes 100 MB cross intact with a clean analysis.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ethtoolFeatures, ethtoolSet } from '../../src/host/ethtool.js';
import { analyze, captureHostB, cliJson, LAB_SKIP, labDown, labStatus, labUp, scratchDir, type TrafficJson } from './harness.js';

describe('offload off in both containers', { skip: LAB_SKIP }, () => {
  before(async () => {
    await labDown();
    await labUp('--runtime', 'netns');
  });
  after(labDown);

  test('nsenter --target PID --net ethtool -K eth1 tx off rx off, then 100 MB intact and every checksum valid', async () => {
    const status = await labStatus();
    for (const name of ['test_mac', 'test_mac_2']) {
      const c = status.containers.find((x) => x.name === name)!;
      assert.equal((await ethtoolFeatures({ pid: c.pid }, 'eth1'))['tx-checksumming']?.on, true, 'Linux leaves it on');
      await ethtoolSet({ pid: c.pid }, 'eth1', { tx: false, rx: false });
      const after = await ethtoolFeatures({ pid: c.pid }, 'eth1');
      assert.deepEqual([after['tx-checksumming']?.on, after['rx-checksumming']?.on], [false, false]);
    }
    const file = join(scratchDir('fixed'), 'hostB-underlay.pcap');
    const { result, stats } = await captureHostB(file, () => cliJson<TrafficJson>(['lab', 'traffic', '--bytes', '100M', '--timeout', '120']));
    assert.equal(result.exitCode, 0);
    assert.deepEqual({ delivered: result.json.delivered, bytes: result.json.bytes, intact: result.json.intact }, { delivered: 100_000_000, bytes: 100_000_000, intact: true });
    assert.ok(result.json.throughputMBps > 0);

    const { exitCode, json } = await analyze(file);
    assert.ok(json.packets >= stats.captured && json.packets > 60_000, `packets ${json.packets}, captured ${stats.captured}`);
    assert.equal(json.segments.corrupt, 0);
    assert.equal(json.segments.offload, 0);
    assert.deepEqual(json.findings.map((f) => f.kind), []);
    assert.equal(exitCode, 0);
  });
});
