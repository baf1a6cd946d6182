// Issue 6 on the lab, both runtimes: the incident up → doctor flags it → fix --apply on both
// containers → traffic intact (and --verify says so) → --revert restores ethtool -k to the byte →
// the incident is back. A dry run changes nothing.

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DoctorFacts } from '../../src/remedy/index.js';
import type { FixResult } from '../../src/remedy/fix-result.js';
import { startBackground } from '../../src/host/process.js';
import { run } from '../../src/host/run.js';
import { readState } from '../../src/lab/state.js';
import { assertMatchesSchema, assertOutputMatchesSchema } from '../schema/validate.js';
import { CLI, cli, LAB_SKIP, labDown, labStatus, labUp, scratchDir, type TrafficJson } from './harness.js';

const SENDER = 'test_mac';
const RECEIVER = 'test_mac_2';

/** `ethtool -k eth1` as text, read from outside the container. */
async function ethtoolText(pid: number): Promise<string> {
  const r = await run('nsenter', ['--target', String(pid), '--net', 'ethtool', '-k', 'eth1']);
  assert.equal(r.exitCode, 0, r.stderr);
  return r.stdout;
}

for (const runtime of ['netns', 'docker'] as const) {
  describe(`doctor and fix, runtime ${runtime}`, { skip: LAB_SKIP }, () => {
    let env: Record<string, string>;
    let pids: Record<string, number>;
    let original: Record<string, string>;
    /** How fix and doctor name a container: through Docker, or by its pid for plain namespaces. */
    const target = (name: string): string[] => (runtime === 'docker' ? ['--container', name] : ['--pid', String(pids[name])]);
    const tool = async <T>(args: string[], timeoutMs?: number): Promise<{ exitCode: number; json: T; stderr: string }> => {
      const r = await cli([...args, '--json'], timeoutMs, env);
      assert.ok(r.stdout.startsWith('{'), `${r.command}: exit ${r.exitCode}: ${r.stderr}`);
      const json = JSON.parse(r.stdout) as T;
      assertOutputMatchesSchema(args, json);
      return { exitCode: r.exitCode, json, stderr: r.stderr };
    };
    const traffic = async (bytes: string, timeout: string): Promise<{ exitCode: number; json: TrafficJson }> => {
      const r = await cli(['lab', 'traffic', '--from', SENDER, '--to', RECEIVER, '--bytes', bytes, '--timeout', timeout, '--json'], 180_000);
      const json = JSON.parse(r.stdout) as TrafficJson;
      assertMatchesSchema('lab-traffic', json);
      return { exitCode: r.exitCode, json };
    };

    before(async () => {
      await labDown();
      await labUp('--runtime', runtime, '--offload', 'on');
      const status = await labStatus();
      pids = Object.fromEntries(status.containers.map((c) => [c.name, c.pid]));
      env = { OVSFORENSICS_FIX_DIR: scratchDir('fix-state') };
      const docker = readState()?.docker?.host;
      if (runtime === 'docker' && docker) env.DOCKER_HOST = docker;
      original = { [SENDER]: await ethtoolText(pids[SENDER]!), [RECEIVER]: await ethtoolText(pids[RECEIVER]!) };
    });
    after(labDown);

    test('doctor flags the incident, each fact with its command', async () => {
      const { exitCode, json } = await tool<DoctorFacts>(['doctor', ...target(SENDER)]);
      assert.equal(exitCode, 1);
      assert.deepEqual([json.risks[0]?.severity, json.risks[0]?.id], ['critical', 'userspace-datapath-tx-offload']);
      const roles = Object.fromEntries(json.interfaces.map((i) => [i.role, i]));
      assert.equal(roles.container?.name, 'eth1');
      assert.equal(roles.container?.features?.values['tx-checksumming']?.on, true);
      assert.match(roles.container!.features!.command, new RegExp(`^nsenter --target ${pids[SENDER]} --net -- ethtool -k eth1$`));
      assert.deepEqual([roles.peer?.name, roles.peer?.where], [`v-${SENDER}`, 'netns ovsf-hostA']);
      assert.equal(roles.underlay?.name, 'eth0');
      assert.equal(roles.underlay?.driver?.driver, 'veth');
      assert.deepEqual(json.ovs?.bridges.map((b) => b.datapathType), ['netdev', 'netdev']);
      assert.equal(json.ovs?.db, 'unix:/run/ovsforensics-lab/hostA/db.sock');
      assert.deepEqual(json.ovs?.tunnels.map((t) => [t.name, t.type, t.options.remote_ip, t.options.key]), [['vxlan0', 'vxlan', '172.16.2.115', '42']]);
      assert.equal(json.kernel?.command, 'uname -r');
      assert.deepEqual(json.errors, []);
    });

    test('--container names the lab\'s container on either runtime, as capture does', async () => {
      const { json } = await tool<DoctorFacts>(['doctor', '--container', SENDER]);
      assert.deepEqual([json.target?.kind, json.target?.pid, json.target?.iface], ['container', pids[SENDER], 'eth1']);
      // The netns runtime has no container runtime: the lab's own state knows the pid.
      assert.equal(json.target?.runtime, runtime === 'docker' ? 'docker' : 'lab');
    });

    test('a dry run prints the exact command and changes nothing', async () => {
      const { exitCode, json } = await tool<FixResult>(['fix', ...target(SENDER)]);
      assert.equal(exitCode, 0);
      assert.equal(json.outcome.mode, 'dry-run');
      assert.deepEqual(json.outcome.settings, { tx: false });
      assert.match(json.outcome.commands[0]!, new RegExp(`^nsenter --target ${pids[SENDER]} --net -- ethtool -K eth1 tx off$`));
      assert.equal(await ethtoolText(pids[SENDER]!), original[SENDER]);
    });

    test('apply on both → intact, verified; revert → ethtool -k as before, the incident is back', async () => {
      const broken = await traffic('1M', '8');
      assert.equal(broken.json.intact, false, 'the incident, before the fix');

      for (const name of [SENDER, RECEIVER]) {
        const { exitCode, json } = await tool<FixResult>(['fix', ...target(name), '--apply']);
        assert.equal(exitCode, 0);
        assert.equal(json.outcome.snapshot.status, 'written');
        assert.ok(json.outcome.changes.some((c) => c.name === 'tx-checksumming' && c.from === 'on' && c.to === 'off'), JSON.stringify(json.outcome.changes));
      }
      const fixed = await traffic('20M', '60');
      assert.deepEqual([fixed.exitCode, fixed.json.intact, fixed.json.delivered], [0, true, 20_000_000]);

      // Traffic once --verify says its capture on the sender is listening.
      const verifying = startBackground(process.execPath, [CLI, 'fix', ...target(SENDER), '--verify', '--verify-seconds', '6', '--json'], { timeoutMs: 120_000, env });
      await verifying.waitForLine('stderr', /^ovsforensics: verify: capturing on eth1 of .* for 6 s; run the workload now$/, 60_000);
      const during = await traffic('20M', '60');
      assert.equal(during.json.intact, true);
      const run = await verifying.done;
      assert.ok(run.stdout.startsWith('{'), `${run.command}: exit ${run.exitCode}: ${run.stderr}`);
      const verify = { exitCode: run.exitCode, json: JSON.parse(run.stdout) as FixResult };
      assertMatchesSchema('fix', verify.json);
      assert.equal(verify.exitCode, 0, JSON.stringify(verify.json.verify));
      assert.equal(verify.json.verify?.verified, true);
      assert.ok(verify.json.outcome.unchanged, 'already applied: nothing to change');
      rmSync(dirname(verify.json.verify!.capture), { recursive: true, force: true });

      for (const name of [SENDER, RECEIVER]) {
        const { exitCode, json } = await tool<FixResult>(['fix', ...target(name), '--revert']);
        assert.equal(exitCode, 0);
        assert.equal(json.outcome.snapshot.status, 'restored and removed');
        assert.equal(await ethtoolText(pids[name]!), original[name], `${name}: ethtool -k as before the fix`);
      }
      const back = await traffic('1M', '8');
      assert.deepEqual([back.exitCode, back.json.intact], [1, false], 'the incident is back');
    });

    test('bad targets: exit 2 and one clear line', async () => {
      const cases: [string[], RegExp][] = [
        [['fix', '--container', 'no_such_container'], /^ovsforensics: container no_such_container: no running container of that name/],
        [['fix', ...target(SENDER), '--iface', 'eth9'], /^ovsforensics: no interface eth9 in .* \(it has eth1\)$/],
        [['fix', ...target(SENDER), '--iface', 'lo', '--features', 'rx', '--apply'], /^ovsforensics: lo: rx-checksumming is on \[fixed\] by its driver, ethtool cannot turn it off$/],
        [['fix', ...target(SENDER), '--revert'], /^ovsforensics: no fix snapshot for eth1 of .*: nothing to revert$/],
        [['fix', '--pid', '999999999'], /^ovsforensics: --pid '999999999': expected a process id, decimal from 1 to 4194304$/],
        [['doctor', '--netns', 'ovsf-nonexistent'], /^ovsforensics: no network namespace ovsf-nonexistent/],
      ];
      for (const [args, message] of cases) {
        const r = await cli(args, 60_000, env);
        assert.equal(r.exitCode, 2, `${r.command}: ${r.stdout}${r.stderr}`);
        assert.match(r.stderr.trimEnd(), message);
        assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
      }
      const noNsenter = await run(process.execPath, [CLI, 'fix', ...target(SENDER)], { env: { ...env, PATH: '/nonexistent' } });
      assert.deepEqual([noNsenter.exitCode, noNsenter.stderr.trimEnd()], [2, 'ovsforensics: nsenter not found: install the Debian package util-linux']);
      const notRoot = await run('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, 'fix', ...target(SENDER)], { env });
      assert.equal(notRoot.exitCode, 2);
      assert.match(notRoot.stderr, /^ovsforensics: fix needs root/);
    });
  });
}
