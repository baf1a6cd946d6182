// Remote capture points over SSH (docs/remote-capture.md): four points on the lab's two hosts in
// one pcapng, each within one frame of a concurrent local tcpdump; no capture process or OVS mirror
// left on either host after a normal end, SIGINT, a dropped ssh connection, and SIGKILL followed by
// the next capture.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ipNetnsPids } from '../../src/host/ip.js';
import { startBackground, type Background } from '../../src/host/process.js';
import { run } from '../../src/host/run.js';
import { tcpdumpStart } from '../../src/host/tcpdump.js';
import { readCapture } from '../../src/pcap/index.js';
import { CLI, LAB_SKIP, cli, cliJson, labDown, scratchDir, until } from './harness.js';
import { mirrorLab, mirrorLeftovers } from './capture-harness.js';

const cmdline = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
};

describe('remote capture over ssh', { skip: LAB_SKIP }, () => {
  let ssh: string[] = [];
  let hostB = '';
  const remote = ['--remote-command', `${process.execPath} ${CLI}`];
  let hostNetns: string[] = [];
  let db = '';
  let port = '';
  before(async () => {
    const { status: s, ...mirror } = await mirrorLab();
    ({ db, port } = mirror);
    const config = s.hosts[0]!.ssh!.config;
    ssh = ['--ssh-config', config, ...s.hosts.flatMap((h) => ['--host', `${h.name}=${h.ssh!.target}`])];
    hostB = `hostB=${s.hosts.find((h) => h.name === 'hostB')!.ssh!.target}`;
    hostNetns = s.hosts.map((h) => h.netns);
  });
  after(labDown);

  /** Capture programs (ovsforensics, its libpcap children, tcpdump) still running in the hosts' namespaces. */
  const remoteProcesses = async (): Promise<string[]> => {
    const pids = (await Promise.all(hostNetns.map((n) => ipNetnsPids(n)))).flat();
    return pids.map(cmdline).filter((c) => /cli\.js capture|pcap-child|tcpdump/.test(c));
  };
  const noLeftovers = async (): Promise<void> => {
    await until('no capture process left on the hosts', remoteProcesses);
    await until('no mirror left on hostB', () => mirrorLeftovers(db));
  };

  const start = (name: string, points: readonly string[], how = remote): { bg: Background; file: string } => {
    const file = join(scratchDir(name), 'remote.pcapng');
    return { bg: startBackground(process.execPath, [CLI, 'capture', ...ssh, ...how, ...points, '-w', file, '--no-status'], { timeoutMs: 300_000 }), file };
  };

  test('four points over ssh match local tcpdumps within one frame, one interface block each', async () => {
    const points = [
      ['hostA/test_mac/eth1', '--container', 'hostA:test_mac:eth1', 'ovsf-test_mac', 'eth1'],
      ['hostA/ovsf-hostA/eth0', '-i', 'hostA:eth0', 'ovsf-hostA', 'eth0'],
      ['hostB/ovsf-hostB/eth0', '-i', 'hostB:eth0', 'ovsf-hostB', 'eth0'],
      ['hostB/test_mac_2/eth1', '--container', 'hostB:test_mac_2:eth1', 'ovsf-test_mac_2', 'eth1'],
    ] as const;
    const dir = scratchDir('remote-tcpdump');
    const { bg, file } = start('remote4', points.flatMap(([, flag, spec]) => [flag, spec]));
    await bg.waitForLine('stderr', /capturing with .* on 4 points/, 90_000);
    // Ours runs before and after the tcpdumps: its frames of the time each tcpdump ran are compared.
    const tdFile = (i: number): string => join(dir, `${i}.pcap`);
    const tcpdumps = await Promise.all(points.map(([, , , netns, iface], i) => tcpdumpStart({ netns }, iface, tdFile(i))));
    const traffic = await cli(['lab', 'traffic', '--bytes', '20M']);
    assert.equal(traffic.exitCode, 0, traffic.stderr);
    const local = await Promise.all(tcpdumps.map((t) => t.stop()));
    const r = await bg.stop('SIGINT');
    assert.ok(r.exitCode === 0 || r.exitCode === 1, r.stderr);

    const ns = (rec: { tsSec: number; tsNsec: number }): bigint => BigInt(rec.tsSec) * 1_000_000_000n + BigInt(rec.tsNsec);
    const windows = await Promise.all(
      points.map(async (_, i) => {
        const w = { first: -1n, last: -1n };
        await readCapture(tdFile(i), (rec) => {
          if (w.first < 0n) w.first = ns(rec);
          w.last = ns(rec);
        });
        return w;
      }),
    );
    const counts = new Map<string, number>();
    const { summary } = await readCapture(file, (rec, s) => {
      const name = s.interfaces[rec.interfaceId]!.name!;
      const w = windows[points.findIndex(([label]) => label === name)];
      if (w !== undefined && ns(rec) >= w.first && ns(rec) <= w.last) counts.set(name, (counts.get(name) ?? 0) + 1);
    });
    assert.deepEqual(summary.interfaces.map((i) => i.name).sort(), points.map(([label]) => label).sort());
    const misses: string[] = [];
    for (const [i, [label]] of points.entries()) {
      const ours = counts.get(label) ?? 0;
      const theirs = local[i]!;
      const stats = summary.interfaces.find((x) => x.name === label)!.stats;
      assert.ok(theirs.captured > 1000, `${label}: tcpdump saw the transfer (${theirs.captured})`);
      // Within one frame, beyond what either side reports it dropped (the two cores are shared by eight captures).
      const drops = (stats?.osdrop ?? 0) + (stats?.ifdrop ?? 0) + theirs.dropped + (theirs.received - theirs.captured);
      if (Math.abs(ours - theirs.captured) > 1 + drops) misses.push(`${label}: ${ours} captured over ssh (${JSON.stringify({ ...stats, comments: undefined })}), ${JSON.stringify(theirs)} by tcpdump`);
      assert.ok(stats?.ifrecv !== undefined && stats.ifrecv >= ours, `${label}: statistics carried over (${JSON.stringify(stats)})`);
      assert.ok(stats.comments?.some((c) => c.includes(`"point":"${label}"`)), `${label}: receiver counters relabelled`);
    }
    assert.deepEqual(misses, [], 'every point within one frame of tcpdump, beyond reported drops');
    await noLeftovers();
  });

  test('a point name with a space and a quote reaches the remote side intact', async () => {
    const r = await cli(['capture', ...ssh, ...remote, '--netns', "hostA:no such'ns:eth0", '-w', join(scratchDir('quote'), 'x.pcapng'), '--no-status']);
    assert.equal(r.exitCode, 2);
    assert.match(r.stderr, /hostA: .*no network namespace no such'ns/);
  });

  test('without ovsforensics there, plain interfaces fall back to tcpdump and say so', async () => {
    const { bg, file } = start('fallback', ['-i', 'hostA:eth0', '--duration', '2'], ['--remote-command', 'no-such-ovsforensics']);
    const r = await bg.done;
    assert.ok(r.exitCode === 0 || r.exitCode === 1, r.stderr);
    assert.match(r.stderr, /hostA: `no-such-ovsforensics` not found there; capturing its interfaces with tcpdump/);
    const { summary } = await readCapture(file, () => undefined);
    assert.deepEqual(summary.interfaces.map((i) => i.name), ['hostA/default/eth0']);
    await noLeftovers();
  });

  test('SIGINT of the local capture leaves no process or mirror', async () => {
    const { bg } = start('sigint', ['--ovs-port', `hostB:${port}`, '--ovs-db', `hostB:${db}`, '-i', 'hostA:eth0']);
    await bg.waitForLine('stderr', /capturing with .* on 3 points/, 90_000);
    assert.equal((await mirrorLeftovers(db)).length, 4, 'the remote mirrors exist while it runs');
    const r = await bg.stop('SIGINT');
    assert.ok(r.exitCode === 0 || r.exitCode === 1, r.stderr);
    assert.match(r.stdout, /stopped by SIGINT/);
    assert.match(r.stdout, new RegExp(`hostB/ovsf-hostB/${port}`), 'the remote mirror points in the summary');
    await noLeftovers();
  });

  test('a dropped ssh connection stops that host\'s capture, mirrors removed', async () => {
    const { bg } = start('drop', ['--ovs-port', `hostB:${port}`, '--ovs-db', `hostB:${db}`]);
    await bg.waitForLine('stderr', /capturing with .* on 2 points/, 90_000);
    const children = await run('ps', ['--ppid', String(bg.pid), '-o', 'pid=,comm=']);
    const sshPids = children.stdout.split('\n').filter((l) => /\bssh$/.test(l.trim())).map((l) => Number.parseInt(l, 10));
    assert.equal(sshPids.length, 1, children.stdout);
    process.kill(sshPids[0]!, 'SIGKILL');
    await noLeftovers();
    const r = await bg.done;
    assert.ok(r.exitCode >= 0, r.stderr);
  });

  test('SIGKILL of the local capture: the remote side stops, and the next capture finds nothing left', async () => {
    const first = start('kill', ['--ovs-port', `hostB:${port}`, '--ovs-db', `hostB:${db}`, '-i', 'hostA:eth0']);
    await first.bg.waitForLine('stderr', /capturing with .* on 3 points/, 90_000);
    await first.bg.stop('SIGKILL');
    await noLeftovers();
    const next = start('next', ['--ovs-port', `hostB:${port}`, '--ovs-db', `hostB:${db}`, '--duration', '1']);
    const r = await next.bg.done;
    assert.ok(r.exitCode === 0 || r.exitCode === 1, r.stderr);
    await noLeftovers();
    const swept = await cliJson<{ db: string; removed: string[] }>(['doctor', '--cleanup', '--host', hostB, '--ssh-config', ssh[1]!, ...remote, '--ovs-db', db]);
    assert.equal(swept.exitCode, 0);
    assert.deepEqual([swept.json.db, swept.json.removed], [`hostB:${db}`, []]);
  });
});
