// One `capture` at four points of the path at once (test_mac's eth1, both
// underlays, test_mac_2's eth1), then `correlate` of those points in path order. With --corrupt the
// damage is located between test_mac and hostA's underlay tap (the nftables egress hook runs before
// the tap); with --blind it is found, checksum-blind, and located on the same hop.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { startBackground } from '../../src/host/process.js';
import { readCapture } from '../../src/pcap/index.js';
import { CLI, cli, cliJson, LAB_SKIP, labDown, labStatus, labUp, scratchDir, type TrafficJson } from './harness.js';

interface CorrelationJson {
  schema: string;
  points: { name: string; segments: number }[];
  firstBadHop: { from: string; to: string } | null;
  findings: { kind: string }[];
  hops: { from: string; to: string; direction: string; matched: number; altered: number; alteredAcrossDrops: number; checksumBlind: number }[];
  patterns: { from: string; to: string; kind: string; count: number; checksumBlind: number; offset: number; value: string }[];
}

const PATH = [
  ['ctrA', '--container', 'test_mac', '/test_mac/eth1'],
  ['hostA', '--netns', 'ovsf-hostA:eth0', '/ovsf-hostA/eth0'],
  ['hostB', '--netns', 'ovsf-hostB:eth0', '/ovsf-hostB/eth0'],
  ['ctrB', '--container', 'test_mac_2', '/test_mac_2/eth1'],
] as const;

/** Captures the four points into one pcapng during a transfer; returns correlate's JSON and exit status. */
async function captureAndCorrelate(name: string, traffic: string[]): Promise<{ exitCode: number; json: CorrelationJson; transfer: TrafficJson }> {
  const file = join(scratchDir(name), 'path.pcapng');
  const capture = startBackground(process.execPath, [CLI, 'capture', ...PATH.flatMap(([, flag, target]) => [flag, target]), '-w', file, '--no-status', 'udp', 'port', '4789', 'or', 'tcp'], {
    timeoutMs: 300_000,
  });
  await capture.waitForLine('stderr', /capturing with .* on 4 points/, 30_000);
  const t = await cliJson<TrafficJson>(['lab', 'traffic', ...traffic, '--timeout', '120']);
  // Let the last ring blocks reach the children before stopping them.
  await new Promise((r) => setTimeout(r, 1500));
  const stopped = await capture.stop('SIGINT');
  assert.ok(stopped.exitCode === 0 || stopped.exitCode === 1, stopped.stderr);
  const { summary } = await readCapture(file, () => {});
  const names = summary.interfaces.map((i) => i.name ?? '');
  const points = PATH.map(([point, , , suffix]) => {
    const iface = names.find((n) => n.endsWith(suffix));
    assert.ok(iface, `no interface ending ${suffix} in ${names.join(', ')}`);
    return `${point}=${file}#${iface}`;
  });
  const r = await cli(['correlate', ...points, '--json'], 600_000);
  return { exitCode: r.exitCode, json: JSON.parse(r.stdout) as CorrelationJson, transfer: t.json };
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
