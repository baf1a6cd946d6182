// Issue 3 (4): `--blind` rewrites 0x0707,0x0707 into 0x0708,0x0706 in a 0x07 stream: every checksum
// still verifies, yet the data arrives altered. Only the end-to-end hash sees it.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { analyze, captureHostB, cliJson, LAB_SKIP, labDown, labStatus, labUp, scratchDir, tcpdumpIncorrect, type TrafficJson } from './harness.js';

describe('checksum-blind corruption', { skip: LAB_SKIP }, () => {
  before(async () => {
    await labDown();
    await labUp('--runtime', 'netns', '--offload', 'off', '--blind', '5');
  });
  after(labDown);

  test('all bytes arrive, every checksum is valid, and the SHA-256 differs', async () => {
    const file = join(scratchDir('blind'), 'hostB-underlay.pcap');
    const { result } = await captureHostB(file, () => cliJson<TrafficJson>(['lab', 'traffic', '--bytes', '20M', '--timeout', '120']));
    assert.equal(result.json.delivered, 20_000_000);
    assert.equal(result.json.intact, false);
    assert.equal(result.exitCode, 1);
    const counter = (await labStatus()).injectors.find((i) => i.kind === 'blind')?.counter ?? 0;
    assert.ok(counter > 0, 'frames were damaged');

    const { json } = await analyze(file);
    assert.equal(json.segments.corrupt, 0);
    assert.equal(json.segments.offload, 0);
    assert.ok(json.segments.valid > 10_000);
    assert.equal(await tcpdumpIncorrect(file), 0);
  });
});
