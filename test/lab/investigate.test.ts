// `investigate` over ssh on the lab's two hosts (docs/investigate.md): the OVS incident named (the
// black hole, the sender's tx offload), fixed on each host (the probe intact after) and reverted
// (the incident back); --corrupt 2 located on ctrA → hostA, its advice not one --fix applies; the
// kernel VXLAN overlay healthy, its HTML report checked in headless Chromium against the JSON; both
// hosts' clocks one clock within the bound. Nothing left running on either host.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { ipNetnsPids } from '../../src/host/ip.js';
import type { Investigation } from '../../src/investigate/types.js';
import { launchChromium } from '../report/browser.js';
import { checkInvestigationPage } from '../report/investigation-page.js';
import { assertMatchesSchema } from '../schema/validate.js';
import { CLI, cli, LAB_SKIP, labDown, labStatus, labUp, scratchDir } from './harness.js';

const cmdline = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
};

/** Both hosts over ssh, ovsforensics there as this build: the flags of every run. */
async function sshFlags(): Promise<{ flags: string[]; hostNetns: string[] }> {
  const s = await labStatus();
  const flags = ['--ssh-config', s.hosts[0]!.ssh!.config, ...s.hosts.flatMap((h) => ['--host', `${h.name}=${h.ssh!.target}`]), '--remote-command', `${process.execPath} ${CLI}`];
  return { flags, hostNetns: s.hosts.map((h) => h.netns) };
}

/** One investigation test_mac on hostA → test_mac_2 on hostB: its JSON (checked against the contract), exit status and wall time. */
async function investigate(flags: string[], extra: string[] = []): Promise<{ exitCode: number; json: Investigation; seconds: number; stderr: string }> {
  const started = Date.now();
  const capture = join(scratchDir('investigate'), 'path.pcapng');
  const r = await cli(['investigate', '--from', 'hostA:test_mac', '--to', 'hostB:test_mac_2', ...flags, ...extra, '-w', capture, '--json'], 180_000);
  const seconds = (Date.now() - started) / 1000;
  assert.ok(r.stdout.startsWith('{'), `${r.command}: exit ${r.exitCode}: ${r.stderr}`);
  const json = JSON.parse(r.stdout) as Investigation;
  assertMatchesSchema('investigation', json);
  assert.equal(json.capture.file, capture);
  return { exitCode: r.exitCode, json, seconds, stderr: r.stderr };
}

/** Both lab hosts share this machine's clock: hostB's offset from hostA's, timed both ways, lies within its bound. */
function assertOneClock(json: Investigation): void {
  const clocks = json.hostClocks!;
  assert.equal(clocks.reference, 'hostA');
  const b = clocks.hosts.find((h) => h.host === 'hostB')!;
  assert.equal(b.method, 'two-way', JSON.stringify(b));
  assert.ok(Math.abs(b.offset!) <= b.uncertainty!, `hostB ${b.offset} s ± ${b.uncertainty} s`);
  assert.deepEqual(clocks.disagreements, []);
}

/** Capture, probe and ping processes still running in the hosts' namespaces. */
async function leftOnHosts(hostNetns: string[]): Promise<string[]> {
  const pids = (await Promise.all(hostNetns.map((n) => ipNetnsPids(n)))).flat();
  return pids.map(cmdline).filter((c) => /cli\.js (capture|probe-agent|doctor|fix)|pcap-child|tcpdump|\bping\b/.test(c));
}

describe('investigate over ssh', { skip: LAB_SKIP }, () => {
  after(labDown);

  describe('the OVS incident', () => {
    let ssh: Awaited<ReturnType<typeof sshFlags>>;
    before(async () => {
      await labDown();
      await labUp('--runtime', 'netns');
      ssh = await sshFlags();
    });

    test("names the black hole and the sender's tx offload, in under 30 s with the report; --fix makes the probe intact, --revert brings the incident back", async () => {
      const report = join(scratchDir('investigate-incident'), 'incident.html');
      const diagnosis = await investigate(ssh.flags, ['-o', report]);
      const d = diagnosis.json;
      assert.equal(diagnosis.exitCode, 1, diagnosis.stderr);
      assert.ok(diagnosis.seconds < 30, `diagnosis and report in ${diagnosis.seconds} s`);
      assert.ok(existsSync(report));
      assert.equal(d.probe.transfer.intact, false);
      assert.ok(d.findings.some((f) => f.kind === 'blackhole'), d.findings.map((f) => f.kind).join(', '));
      const [first] = d.recommendations;
      assert.deepEqual([first?.advice, first?.side, first?.host, first?.container, first?.features], ['veth-tx-offload', 'from', 'hostA', 'test_mac', { tx: false }]);
      // The receiver's kernel counted what it threw away.
      assert.ok((d.points.find((p) => p.name === 'ctrB')?.countersMoved.TcpInCsumErrors ?? 0) > 0, JSON.stringify(d.points));
      assert.equal(d.path.find((e) => e.id === 'to/container')?.state, 'dropped');
      assert.deepEqual(await leftOnHosts(ssh.hostNetns), []);

      const fixed = await investigate(ssh.flags, ['--fix']);
      assert.equal(fixed.exitCode, 0, fixed.stderr);
      assert.equal(fixed.json.fix?.intact, true);
      assert.equal(fixed.json.fix?.probe.transfer.sentSha256, fixed.json.fix?.probe.transfer.receivedSha256);
      const snapshots = fixed.json.fix!.steps.map((s) => s.outcome!.snapshot.path);
      assert.deepEqual(fixed.json.fix!.steps.map((s) => [s.host, s.outcome?.snapshot.status]), [['hostA', 'written'], ['hostB', 'written']]);
      assert.ok(snapshots.every((p) => existsSync(p)));
      assert.deepEqual(await leftOnHosts(ssh.hostNetns), []);

      const reverted = await investigate(ssh.flags, ['--revert']);
      assert.equal(reverted.exitCode, 1, reverted.stderr);
      assert.deepEqual(reverted.json.reverted?.map((s) => [s.host, s.outcome?.snapshot.status]), [['hostA', 'restored and removed'], ['hostB', 'restored and removed']]);
      assert.equal(reverted.json.probe.transfer.intact, false, 'the incident is back');
      assert.ok(reverted.json.findings.some((f) => f.kind === 'blackhole'));
      assert.ok(snapshots.every((p) => !existsSync(p)), 'no snapshot left');
      assert.deepEqual(await leftOnHosts(ssh.hostNetns), []);
    });
  });

  test('one host, no ssh: test_mac → test_mac_3 on hostA, seen from this namespace', async () => {
    const r = await cli(['investigate', '--from', 'test_mac', '--to', 'test_mac_3', '-w', join(scratchDir('investigate-one'), 'path.pcapng'), '--json'], 180_000);
    const json = JSON.parse(r.stdout) as Investigation;
    assertMatchesSchema('investigation', json);
    assert.equal(r.exitCode, 1, r.stderr);
    assert.deepEqual(json.path.map((e) => e.kind), ['container', 'veth', 'ovs', 'veth', 'container']);
    assert.deepEqual(json.points.map((p) => p.name), ['ctrA', 'ctrB']);
    assert.ok(json.findings.some((f) => f.kind === 'blackhole'));
    assert.equal(json.recommendations[0]?.advice, 'veth-tx-offload');
  });

  test('--corrupt 2: the first bad hop is ctrA → hostA; --fix names the underlay advice, changes nothing, probes no more', async () => {
    await labDown();
    await labUp('--runtime', 'netns', '--offload', 'off', '--corrupt', '2');
    const ssh = await sshFlags();
    const { exitCode, json } = await investigate(ssh.flags, ['--fix']);
    assert.equal(exitCode, 1);
    assert.equal(json.fixNotApplied?.advice, 'underlay-corruption');
    assert.equal(json.fix, undefined);
    assertOneClock(json);
    assert.deepEqual([json.fault?.from, json.fault?.to, json.fault?.state], ['ctrA', 'hostA', 'damaged']);
    const first = json.hops.find((h) => h.from === 'ctrA' && h.to === 'hostA')!;
    assert.ok(first.altered > 0, JSON.stringify(first));
    for (const h of json.hops.filter((x) => x.from !== 'ctrA')) assert.equal(h.altered, 0, `${h.from} → ${h.to}`);
    // Fewer altered than the injector's counter says it damaged: never more.
    const counter = (await labStatus()).injectors.find((i) => i.kind === 'corrupt')!.counter;
    assert.ok(first.altered <= counter, `${first.altered} altered, nft counter ${counter}`);
    assert.ok(json.findings.some((f) => f.kind === 'corruption'));
    assert.equal(json.path.find((e) => e.point === 'hostA')?.state, 'damaged');
    assert.deepEqual(await leftOnHosts(ssh.hostNetns), []);
  });

  describe('the kernel VXLAN overlay, healthy', () => {
    let browser: Browser;
    before(async () => {
      browser = await launchChromium();
    });
    after(() => browser?.close());

    test('nothing wrong, exit 0; the HTML report drawn as the JSON says', async () => {
      await labDown();
      await labUp('--runtime', 'netns', '--overlay', 'vxlan');
      const ssh = await sshFlags();
      const report = join(scratchDir('investigate-vxlan'), 'vxlan.html');
      const { exitCode, json } = await investigate(ssh.flags, ['-o', report]);
      assert.equal(exitCode, 0, json.headline);
      assert.equal(json.healthy, true);
      assert.equal(json.probe.transfer.intact, true);
      assert.deepEqual(json.recommendations, []);
      assertOneClock(json);
      assert.deepEqual(json.path.filter((e) => e.point).map((e) => [e.point, e.state]), ['ctrA', 'tunA', 'hostA', 'hostB', 'tunB', 'ctrB'].map((p) => [p, 'clean']));
      await checkInvestigationPage(browser, report, json, 'lab-investigate-vxlan');
      assert.deepEqual(await leftOnHosts(ssh.hostNetns), []);
    });
  });
});
