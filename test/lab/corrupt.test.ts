// `--corrupt 2` damages VXLAN frames on hostA's underlay egress; analyze of hostB's underlay
// capture counts as many corrupt segments as tcpdump -vv calls incorrect, and as the nft counter
// says were damaged, less what the capture dropped; on 15,000 of its frames every verdict and the
// retransmissions per flow agree with tcpdump and tshark frame by frame.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { compareChecksums, ourFrames, ourRetransmissions, tsharkRetransmissions } from '../differential/compare.js';
import { analyze, captureHostB, cliJson, LAB_SKIP, labDown, labStatus, labUp, scratchDir, tcpdumpIncorrect, type TrafficJson } from './harness.js';

describe('corrupt 2%', { skip: LAB_SKIP }, () => {
  before(async () => {
    await labDown();
    await labUp('--runtime', 'netns', '--offload', 'off', '--corrupt', '2');
  });
  after(labDown);

  let file: string;

  test('corrupt segments = tcpdump incorrect = nft counter within capture drops; TCP still delivers intact', async () => {
    file = join(scratchDir('corrupt'), 'hostB-underlay.pcap');
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

  test('15,000 frames of that capture: every verdict, the corrupt count and retransmissions as tcpdump and tshark say', async () => {
    assert.ok(file, 'the capture of the test before');
    const slice = join(scratchDir('corrupt-slice'), 'hostB-15k.pcap');
    const cut = spawnSync('tcpdump', ['-r', file, '-c', '15000', '-w', slice], { encoding: 'utf8' });
    assert.equal(cut.status, 0, cut.stderr);
    const ours = await ourFrames(slice);
    const { tcpdumpCompared, tsharkCompared, tcpdumpIncorrect } = compareChecksums(ours, slice);
    assert.ok(tcpdumpCompared > 10_000 && tsharkCompared > 10_000, `compared: tcpdump ${tcpdumpCompared}, tshark ${tsharkCompared}`);
    const damaged = [...ours.values()].filter((f) => f.verdict === 'corrupt' || f.verdict === 'offload').length;
    assert.ok(tcpdumpIncorrect > 0, 'the slice holds damaged frames');
    assert.equal(damaged, tcpdumpIncorrect);
    assert.deepEqual(Object.fromEntries(await ourRetransmissions(slice)), Object.fromEntries(tsharkRetransmissions(slice)));
  });
});
