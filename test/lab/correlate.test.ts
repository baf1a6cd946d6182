// One `capture` at four points of the path at once (test_mac's eth1, both
// underlays, test_mac_2's eth1), then `correlate` of those points in path order. With --corrupt the
// damage is located between test_mac and hostA's underlay tap (the nftables egress hook runs before
// the tap); with --blind it is found, checksum-blind, and located on the same hop.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { readCapture } from '../../src/pcap/index.js';
import { assertMatchesSchema } from '../schema/validate.js';
import { captureFourPoints, cli, FOUR_POINTS, LAB_SKIP, labDown, labStatus, labUp, type TrafficJson } from './harness.js';

interface CorrelationJson {
  schema: string;
  points: { name: string; segments: number }[];
  firstBadHop: { from: string; to: string } | null;
  findings: { kind: string }[];
  hops: { from: string; to: string; direction: string; matched: number; altered: number; alteredAcrossDrops: number; checksumBlind: number }[];
  patterns: { from: string; to: string; kind: string; count: number; checksumBlind: number; offset: number; value: string }[];
}

/** Captures the four points into one pcapng during a transfer; returns correlate's JSON and exit status. */
async function captureAndCorrelate(name: string, traffic: string[]): Promise<{ exitCode: number; json: CorrelationJson; transfer: TrafficJson }> {
  const { file, transfer } = await captureFourPoints(name, [...traffic, '--timeout', '120'], ['udp', 'port', '4789', 'or', 'tcp']);
  const { summary } = await readCapture(file, () => {});
  const names = summary.interfaces.map((i) => i.name ?? '');
  const points = FOUR_POINTS.map(([point, , , suffix]) => {
    const iface = names.find((n) => n.endsWith(suffix));
    assert.ok(iface, `no interface ending ${suffix} in ${names.join(', ')}`);
    return `${point}=${file}#${iface}`;
  });
  const r = await cli(['correlate', ...points, '--json'], 600_000);
  const json = JSON.parse(r.stdout) as CorrelationJson;
  assertMatchesSchema('correlation', json);
  return { exitCode: r.exitCode, json, transfer: transfer.json };
}

describe('correlate on the lab', { skip: LAB_SKIP }, () => {
  after(labDown);

  test('--corrupt: the damage is located between test_mac and hostA, and the checksum catches it', async () => {
    await labDown();
    await labUp('--runtime', 'netns', '--offload', 'off', '--corrupt', '2');
    const { exitCode, json, transfer } = await captureAndCorrelate('correlate-corrupt', ['--bytes', '30M', '--pattern', '0x07']);
    assert.equal(transfer.intact, true, 'TCP resends what the receiver dropped');
    assert.equal(json.schema, 'ovsforensics.correlation/1');
    assert.deepEqual(json.firstBadHop, { from: 'ctrA', to: 'hostA' });
    const first = json.hops.find((h) => h.from === 'ctrA' && h.to === 'hostA')!;
    assert.ok(first.altered > 50, `altered ${first.altered}`);
    assert.equal(first.checksumBlind, 0);
    for (const h of json.hops.filter((x) => x.from !== 'ctrA')) assert.equal(h.altered, 0, `${h.from} → ${h.to}`);
    // The rule writes 0xdead at bit 4000 of the UDP header: 500 bytes in, 418 into the inner TCP payload.
    const top = json.patterns[0]!;
    assert.deepEqual([top.from, top.to, top.kind, top.offset, top.value], ['ctrA', 'hostA', 'block-overwrite', 418, 'dead']);
    // Frames the sender's capture missed cannot be compared: fewer altered than counted, never more.
    const counter = (await labStatus()).injectors.find((i) => i.kind === 'corrupt')!.counter;
    const seen = json.hops.reduce((n, h) => n + h.altered + h.alteredAcrossDrops, 0);
    assert.ok(seen > 0 && seen <= counter, `${seen} altered, nft counter ${counter}`);
    assert.ok(json.findings.some((f) => f.kind === 'corruption'));
    assert.ok(!json.findings.some((f) => f.kind === 'checksum-blind'));
    assert.equal(exitCode, 1);
  });

  test('--blind: checksum-neutral damage is found, called checksum-blind, and located', async () => {
    await labDown();
    await labUp('--runtime', 'netns', '--offload', 'off', '--blind', '5');
    const { exitCode, json, transfer } = await captureAndCorrelate('correlate-blind', ['--bytes', '10M']);
    assert.equal(transfer.intact, false, 'the damage reaches the receiver');
    assert.deepEqual(json.firstBadHop, { from: 'ctrA', to: 'hostA' });
    const first = json.hops.find((h) => h.from === 'ctrA' && h.to === 'hostA')!;
    assert.ok(first.checksumBlind > 10 && first.checksumBlind === first.altered, JSON.stringify(first));
    assert.ok(json.patterns.some((p) => p.kind === 'compensating-words' && p.checksumBlind === p.count));
    assert.ok(json.findings.some((f) => f.kind === 'checksum-blind'));
    assert.equal(exitCode, 1);
  });
});
