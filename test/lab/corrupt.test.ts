// Issue 3 (3): `--corrupt 2` damages VXLAN frames on hostA's underlay egress; analyze of hostB's
// underlay capture counts as many corrupt segments as tcpdump -vv calls incorrect, and as the
// nft counter says were damaged, less what the capture dropped.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { analyze, captureHostB, cliJson, LAB_SKIP, labDown, labStatus, labUp, scratchDir, tcpdumpIncorrect, type TrafficJson } from './harness.js';

describe('corrupt 2%', { skip: LAB_SKIP }, () => {
  before(async () => {
    await labDown();
    await labUp('--runtime', 'netns', '--offload', 'off', '--corrupt', '2');
  });
  after(labDown);

  test('corrupt segments = tcpdump incorrect = nft counter within capture drops; TCP still delivers intact', async () => {
    const file = join(scratchDir('corrupt'), 'hostB-underlay.pcap');
    // A 0x07 stream, so a damaged frame can never already hold 0xdead where the rule writes it.
    const { result, stats } = await captureHostB(file, () => cliJson<TrafficJson>(['lab', 'traffic', '--bytes', '50M', '--pattern', '0x07', '--timeout', '120']));
    assert.equal(result.json.intact, true, 'the receiver drops bad segments and TCP retransmits them');
    const injector = (await labStatus()).injectors.find((i) => i.kind === 'corrupt');
    assert.ok(injector && injector.rate === 2 && injector.host === 'hostA', JSON.stringify(injector));
    const counter = injector.counter;
    assert.ok(counter > 300, `nft counter ${counter}`);

    const { exitCode, json } = await analyze(file);
    const incorrect = await tcpdumpIncorrect(file);
    // tcpdump calls offload and corrupt alike "incorrect"; with offload off, an offload verdict here
    // is a damaged segment whose stale checksum equals the pseudo-header sum (1 in 65,536).
    assert.equal(json.segments.corrupt + json.segments.offload, incorrect, `analyze ${json.segments.corrupt}+${json.segments.offload}, tcpdump ${incorrect}`);
    assert.ok(json.segments.offload <= 1, `offload ${json.segments.offload}`);
    // What crossed but is not in the file: dropped by the kernel, or passed the filter but never read.
    const missed = stats.dropped + stats.received - stats.captured;
    const damaged = json.segments.corrupt + json.segments.offload;
    assert.ok(damaged <= counter && damaged >= counter - missed, `damaged ${damaged}, counter ${counter}, missed ${missed}`);
    assert.ok(json.findings.some((f) => f.kind === 'corruption'));
    assert.equal(exitCode, 1);
  });
});
