// The target resolver against real containers of each runtime Debian packages — docker.io,
// podman, containerd's ctr — on private daemons: the pid, namespace, interface and veth peer it
// resolves match what /proc, nsenter and ip say on their own, in-process and through the CLI
// (doctor --json and a one-second capture); an unknown name fails naming every runtime tried.

import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DoctorFacts } from '../../src/remedy/index.js';
import { run } from '../../src/host/run.js';
import { findVethPeer } from '../../src/target/peer.js';
import { resolveTargetLink } from '../../src/target/resolve.js';
import { readAll } from '../support.js';
import { cli, LAB_SKIP, scratchDir } from './harness.js';
import { containerPidByMarker, PEER_NETNS, remove, removeLeftovers, startContainer, type RuntimeContainer, type TestRuntime } from './runtime-containers.js';

const RUNTIMES: readonly TestRuntime[] = ['docker', 'podman', 'ctr'];
const MARKERS: Record<TestRuntime, string> = { docker: '86400011', podman: '86400012', ctr: '86400013' };

/** `ip -j link show dev IFACE` in a namespace, read without the resolver. */
async function linkIn(args: string[], iface: string): Promise<{ ifindex: number; address: string; link_index?: number }> {
  const r = await run(args[0]!, [...args.slice(1), 'ip', '-j', 'link', 'show', 'dev', iface]);
  assert.equal(r.exitCode, 0, `${r.command}: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { ifindex: number; address: string; link_index?: number }[])[0]!;
}

/** Runs fn with the runtime's variables (DOCKER_HOST…) set in this process, as a user's shell would have them. */
async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('one resolver, every runtime', { skip: LAB_SKIP }, () => {
  const started: RuntimeContainer[] = [];
  before(() => removeLeftovers(RUNTIMES));
  after(async () => {
    for (const c of started) await remove(c);
    await removeLeftovers(RUNTIMES);
  });

  for (const runtime of RUNTIMES) {
    describe(runtime, () => {
      let c: RuntimeContainer;
      let pid: number;
      before(async () => {
        c = await startContainer(runtime, MARKERS[runtime]);
        started.push(c);
        pid = await containerPidByMarker(c.marker);
      });

      test('resolved in-process: pid, namespace, eth1 and its veth peer as /proc, nsenter and ip say', async () => {
        const { target, link } = await withEnv(c.env, () => resolveTargetLink({ scope: { kind: 'container', name: c.name, runtime } }));
        assert.deepEqual([target.kind, target.name, target.runtime, target.pid, target.iface], ['container', c.name, runtime, pid, 'eth1']);
        assert.match(readFileSync(`/proc/${target.pid}/cmdline`, 'utf8'), new RegExp(`sleep\\0${c.marker}`));
        assert.equal(target.netnsInode, statSync(`/proc/${pid}/ns/net`).ino);
        assert.notEqual(target.netnsInode, statSync('/proc/self/ns/net').ino);
        const eth1 = await linkIn(['nsenter', '--target', String(pid), '--net', '--'], 'eth1');
        assert.deepEqual([link.ifindex, link.address, link.kind], [eth1.ifindex, eth1.address, 'veth']);
        const peer = await findVethPeer(target.netns, link);
        const hostSide = await linkIn(['ip', 'netns', 'exec', PEER_NETNS], c.peer);
        assert.deepEqual([peer?.link.ifname, peer?.link.ifindex, peer?.netns], [c.peer, hostSide.ifindex, { netns: PEER_NETNS }]);
        assert.deepEqual([hostSide.link_index, eth1.link_index], [eth1.ifindex, hostSide.ifindex]);
      });

      test('auto-detected (no --runtime) through doctor --json, and with --runtime', async () => {
        for (const flags of [[], ['--runtime', runtime]]) {
          const r = await cli(['doctor', '--container', c.name, ...flags, '--json'], 120_000, c.env);
          assert.ok(r.stdout.startsWith('{'), `${r.command}: exit ${r.exitCode}: ${r.stderr}`);
          const facts = JSON.parse(r.stdout) as DoctorFacts;
          assert.deepEqual([facts.target?.runtime, facts.target?.pid, facts.target?.iface], [runtime, pid, 'eth1']);
          assert.equal(facts.target?.netnsInode, statSync(`/proc/${pid}/ns/net`).ino);
          const roles = Object.fromEntries(facts.interfaces.map((i) => [i.role, i]));
          assert.equal(roles.container?.address, (await linkIn(['nsenter', '--target', String(pid), '--net', '--'], 'eth1')).address);
          assert.deepEqual([roles.peer?.name, roles.peer?.where], [c.peer, `netns ${PEER_NETNS}`]);
        }
      });

      test('the namespace by path: doctor --netns /proc/PID/ns/net is the same namespace', async () => {
        const r = await cli(['doctor', '--netns', `/proc/${pid}/ns/net`, '--json'], 120_000);
        assert.ok(r.stdout.startsWith('{'), `${r.command}: exit ${r.exitCode}: ${r.stderr}`);
        const facts = JSON.parse(r.stdout) as DoctorFacts;
        assert.deepEqual([facts.target?.kind, facts.target?.iface, facts.target?.netnsInode], ['netns', 'eth1', statSync(`/proc/${pid}/ns/net`).ino]);
      });

      test('capture --container NAME --runtime R --duration 1 records eth1 of that container', async () => {
        const file = join(scratchDir(`targets-${runtime}`), 'one.pcapng');
        const r = await cli(['capture', '--container', c.name, '--runtime', runtime, '--duration', '1', '-w', file, '--no-status'], 120_000, c.env);
        assert.equal(r.exitCode, 0, `${r.command}: ${r.stderr}`);
        assert.match(r.stderr, new RegExp(`on 1 point: .*/${c.name}/eth1`));
        const back = await readAll(file);
        assert.equal(back.error, undefined);
        const [iface] = back.summary.interfaces;
        assert.ok(iface?.name?.endsWith(`/${c.name}/eth1`), iface?.name);
        const eth1 = await linkIn(['nsenter', '--target', String(pid), '--net', '--'], 'eth1');
        assert.match(iface?.description ?? '', new RegExp(`eth1 in container ${c.name} \\(${runtime}, pid ${pid}\\), veth ${eth1.address}`));
      });
    });
  }

  test('an unknown name: exit 2, one line naming every runtime tried and what it said', async () => {
    const r = await cli(['fix', '--container', 'ovsft_no_such'], 120_000);
    assert.equal(r.exitCode, 2, r.stderr);
    const line = r.stderr.trimEnd();
    assert.equal(line.split('\n').length, 1, line);
    assert.match(line, /^ovsforensics: container ovsft_no_such: no running container of that name \(tried docker: .+; podman: .+; nerdctl: .+; crictl: .+; ctr: .+; lab: .+\)$/);
    const asked = await cli(['doctor', '--container', 'ovsft_no_such', '--runtime', 'podman'], 120_000);
    assert.match(asked.stderr.trimEnd(), /^ovsforensics: container ovsft_no_such: no running container of that name \(tried podman: [^;]+; lab: [^;]+\)$/);
  });
});
