// Issue 3 (1): with checksum offload as Linux sets it, TCP between the hosts never connects, and
// the analysis of hostB's underlay capture says why.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { analyze, captureHostB, cliJson, LAB_SKIP, labDown, labUp, scratchDir, type TrafficJson } from './harness.js';

describe('offload on: the incident', { skip: LAB_SKIP }, () => {
  before(async () => {
    await labDown();
    await labUp('--runtime', 'netns', '--offload', 'on');
  });
  after(labDown);

  test('traffic is reported as not delivered within the timeout; analyze finds the leak', async () => {
    const file = join(scratchDir('leak'), 'hostB-underlay.pcap');
    const started = Date.now();
    const { result, stats } = await captureHostB(file, () => cliJson<TrafficJson>(['lab', 'traffic', '--bytes', '1M', '--timeout', '12']));
    assert.equal(result.exitCode, 1);
    assert.deepEqual({ delivered: result.json.delivered, intact: result.json.intact }, { delivered: 0, intact: false });
    assert.ok(Date.now() - started < 30_000, 'reported within the timeout');
    assert.ok(stats.captured > 0, 'the SYNs crossed the underlay');

    const { exitCode, json } = await analyze(file);
    assert.equal(exitCode, 1);
    assert.ok(json.segments.offload > 0, `segments ${JSON.stringify(json.segments)}`);
    const kinds = json.findings.map((f) => f.kind);
    assert.ok(kinds.includes('offload-leak') || kinds.includes('blackhole'), `findings: ${kinds.join(', ')}`);
  });
});
