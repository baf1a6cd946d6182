// The sample captures made in the lab (captures/README.md says how), through the CLI: a healthy
// kernel VXLAN transfer with offloads at their defaults and a healthy OVS Geneve transfer with
// outer checksums on are no problem at any of their four points, alone or correlated; flannel's
// damaged outer checksum is one tunnel-checksum finding, confirmed by the counter the receiving
// host kept during the capture.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { assertMatchesSchema } from '../schema/validate.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const capture = (name: string): string => fileURLToPath(new URL(`../../../captures/${name}`, import.meta.url));
const HEALTHY = capture('kernel-vxlan-healthy.pcapng');
const FLANNEL = capture('flannel-outer-checksum.pcapng');
const GENEVE = capture('ovs-geneve-healthy.pcapng');
const POINTS = ['ctrA=vm/test_mac/eth1', 'hostA=vm/ovsf-hostA/eth0', 'hostB=vm/ovsf-hostB/eth0', 'ctrB=vm/test_mac_2/eth1'];

const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

interface Analysis {
  findings: { kind: string; severity: string; count: number; counters?: { netns: string; receiver: boolean; counters: Record<string, number> }[] }[];
  layers: { layer: string; depth: number; counts: { corrupt: number; offload: number } }[];
  receiverCounters: { netns: string; kernel: Record<string, number> }[];
}

function analyze(file: string): { status: number | null; a: Analysis } {
  const r = run(['analyze', file, '--json']);
  assert.equal(r.stderr, '');
  const a = JSON.parse(r.stdout) as Analysis;
  assertMatchesSchema('analysis', a);
  return { status: r.status, a };
}

const outer = (a: Analysis) => a.layers.find((l) => l.layer === 'udp' && l.depth === 0)!.counts;

test('healthy kernel VXLAN: no finding, outer checksums left to offload and none corrupt, no receiver counted a drop', () => {
  const { status, a } = analyze(HEALTHY);
  assert.deepEqual(a.findings, []);
  assert.equal(outer(a).corrupt, 0);
  assert.ok(outer(a).offload > 100, `outer offload ${outer(a).offload}`);
  assert.equal(a.receiverCounters.length, 4);
  for (const c of a.receiverCounters) assert.deepEqual(Object.values(c.kernel).filter((v) => v > 0), [], c.netns);
  assert.equal(status, 0);
});

test('healthy kernel VXLAN: correlate follows every segment through the four points, nothing altered or lost', () => {
  const r = run(['correlate', ...POINTS.map((p) => p.replace('=', `=${HEALTHY}#`)), '--json']);
  const c = JSON.parse(r.stdout) as { findings: unknown[]; hops: { matched: number; altered: number; lost: number }[] };
  assertMatchesSchema('correlation', c);
  assert.deepEqual(c.findings, []);
  assert.ok(c.hops.every((h) => h.matched > 0 && h.altered === 0 && h.lost === 0), JSON.stringify(c.hops));
  assert.equal(r.status, 0);
});

test('healthy OVS Geneve: no finding, every outer UDP checksum valid (tcpdump -vv says "udp sum ok" to all 214), correlate finds nothing', () => {
  const { status, a } = analyze(GENEVE);
  assert.deepEqual(a.findings, []);
  const counts = a.layers.find((l) => l.layer === 'udp' && l.depth === 0)!.counts as { valid: number; corrupt: number; offload: number };
  assert.equal(counts.valid, 214);
  assert.deepEqual([counts.corrupt, counts.offload], [0, 0]);
  const r = run(['correlate', ...POINTS.map((p) => p.replace('=', `=${GENEVE}#`)), '--json']);
  const c = JSON.parse(r.stdout) as { findings: unknown[]; hops: { matched: number; altered: number; lost: number }[] };
  assert.deepEqual(c.findings, []);
  assert.ok(c.hops.every((h) => h.matched > 0 && h.altered === 0 && h.lost === 0), JSON.stringify(c.hops));
  assert.deepEqual([status, r.status], [0, 0]);
});

test('flannel case: one tunnel-checksum finding, each damaged frame seen on both underlays, as many as hostB counted', () => {
  const { status, a } = analyze(FLANNEL);
  assert.deepEqual(a.findings.map((f) => f.kind), ['tunnel-checksum']);
  const hostB = a.receiverCounters.find((c) => c.netns === 'ovsf-hostB')!;
  const dropped = hostB.kernel.UdpInCsumErrors!;
  assert.ok(dropped > 0);
  const [f] = a.findings;
  assert.equal(f!.count, 2 * dropped);
  assert.deepEqual(f!.counters, [{ netns: 'ovsf-hostB', point: 'vm/ovsf-hostB/eth0', receiver: true, counters: { UdpInCsumErrors: dropped }, seconds: 13.7 }]);
  assert.equal(status, 1);
});

test('flannel case, correlated: a blackhole between hostB and ctrB, every transmission of the SYN, as many as hostB counted, with the tunnel device advice', () => {
  const r = run(['correlate', ...POINTS.map((p) => p.replace('=', `=${FLANNEL}#`)), '--json']);
  const c = JSON.parse(r.stdout) as {
    findings: { kind: string; severity: string; count: number; evidence: Record<string, unknown>; advice?: { id: string }; counters?: { netns: string; receiver: boolean; counters: Record<string, number> }[] }[];
    hops: { from: string; to: string; lost: number; unconfirmed: number }[];
    firstBadHop: { from: string; to: string };
  };
  const hostB = analyze(FLANNEL).a.receiverCounters.find((x) => x.netns === 'ovsf-hostB')!.kernel.UdpInCsumErrors!;
  assert.deepEqual(c.findings.map((f) => `${f.severity} ${f.kind}`), ['high blackhole']);
  const [f] = c.findings;
  assert.deepEqual([f!.evidence.from, f!.evidence.to, f!.evidence.stuckSegments, f!.count], ['hostB', 'ctrB', 1, hostB]);
  // The hop's own counts agree: every transmission lost there or left unconfirmed at the end.
  const hop = c.hops.find((h) => h.from === 'hostB' && h.to === 'ctrB')!;
  assert.equal(hop.lost + hop.unconfirmed, f!.count);
  assert.deepEqual(c.firstBadHop, { from: 'hostB', to: 'ctrB' });
  assert.equal(f!.advice?.id, 'tunnel-device-checksum');
  assert.deepEqual(f!.counters, [{ netns: 'ovsf-hostB', point: 'vm/ovsf-hostB/eth0', receiver: false, counters: { UdpInCsumErrors: hostB }, seconds: 13.7 }]);
  assert.equal(r.status, 1);
});
