// Issue 4: `capture` at three points at once during a transfer — hostB's underlay, test_mac_2's
// eth1 by container name, and test_mac_2's OVS port through its two mirrors — with both container
// runtimes. Every point's packet count matches a tcpdump on the same interface within the drops
// both report; direction comes out right; the mirrors are gone afterwards.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ovsVsctl } from '../../src/host/ovs.js';
import { mirrorLeftovers } from './capture-harness.js';
import { startBackground } from '../../src/host/process.js';
import { tcpdumpStart, type TcpdumpHandle, type TcpdumpStats } from '../../src/host/tcpdump.js';
import { readState } from '../../src/lab/state.js';
import { readAll } from '../support.js';
import { CLI, cliJson, LAB_SKIP, labDown, labStatus, labUp, scratchDir, type TrafficJson } from './harness.js';

const FILTER = ['udp', 'port', '4789', 'or', 'tcp'];

for (const runtime of ['netns', 'docker'] as const) {
  describe(`capture, runtime ${runtime}`, { skip: LAB_SKIP }, () => {
    after(labDown);

    test('underlay + container by name + OVS port mirror at once; counts within drops of concurrent tcpdumps', async () => {
      await labDown();
      await labUp('--runtime', runtime, '--offload', 'off');
      const status = await labStatus();
      const ctr = status.containers.find((c) => c.name === 'test_mac_2')!;
      const hostB = status.hosts.find((h) => h.name === 'hostB')!;
      const file = join(scratchDir('capture'), 'three-points.pcapng');
      // With the docker runtime the name resolves through the lab's private daemon, as a user's DOCKER_HOST would.
      const env: Record<string, string> = runtime === 'docker' ? { DOCKER_HOST: readState()!.docker!.host! } : {};
      const capture = startBackground(
        process.execPath,
        [CLI, 'capture', '--netns', `${hostB.netns}:eth0`, '--container', 'test_mac_2', '--ovs-port', ctr.ovsPort, '--ovs-db', hostB.ovsdb!, '-w', file, ...FILTER],
        { timeoutMs: 300_000, env },
      );
      const line = await capture.waitForLine('stderr', /capturing with ovsf-capture on 4 points/, 30_000);
      assert.match(line, /\/test_mac_2\/eth1/);
      const taps = (await ovsVsctl(hostB.ovsdb!, ['list-ports', 'br-int'])).stdout.split('\n').filter((p) => p.startsWith('ovsfm'));
      assert.equal(taps.length, 2, taps.join(' '));
      const vswitchd = { netns: hostB.netns };
      const tdDir = scratchDir('td');
      const tdFile = (k: string): string => join(tdDir, `${k}.pcap`);
      const dumps: Record<string, TcpdumpHandle> = {
        underlay: await tcpdumpStart(vswitchd, 'eth0', tdFile('underlay'), FILTER),
        container: await tcpdumpStart({ pid: ctr.pid }, 'eth1', tdFile('container'), FILTER),
        [taps[0]!]: await tcpdumpStart(vswitchd, taps[0]!, tdFile(taps[0]!), FILTER),
        [taps[1]!]: await tcpdumpStart(vswitchd, taps[1]!, tdFile(taps[1]!), FILTER),
      };
      const t = await cliJson<TrafficJson>(['lab', 'traffic', '--from', 'test_mac', '--to', 'test_mac_2', '--bytes', '30M', '--timeout', '120']);
      assert.equal(t.json.intact, true);
      const td: Record<string, TcpdumpStats> = {};
      for (const [k, h] of Object.entries(dumps)) td[k] = await h.stop();
      const r = await capture.stop('SIGINT');
      assert.equal(r.exitCode, 0, `${r.stderr}\n${r.stdout}`);
      assert.deepEqual(await mirrorLeftovers(hostB.ovsdb!), []);

      const back = await readAll(file);
      assert.equal(back.error, undefined);
      const ifaces = back.summary.interfaces;
      const ids = (pred: (name: string, desc: string) => boolean): Set<number> => {
        const found = new Set(ifaces.filter((i) => pred(i.name ?? '', i.description ?? '')).map((i) => i.id));
        assert.ok(found.size > 0, ifaces.map((i) => i.name).join(' '));
        return found;
      };
      const micros = (rec: { tsSec: number; tsNsec: number }): number => rec.tsSec * 1e6 + Math.floor(rec.tsNsec / 1000);
      const points: Record<string, (n: string, d: string) => boolean> = {
        underlay: (n) => n.endsWith(`/${hostB.netns}/eth0`),
        container: (n) => n.endsWith('/test_mac_2/eth1'),
        [taps[0]!]: (_n, d) => d.includes(`mirrored to ${taps[0]}`),
        [taps[1]!]: (_n, d) => d.includes(`mirrored to ${taps[1]}`),
      };
      for (const [k, pred] of Object.entries(points)) {
        const mine = ids(pred);
        const drops = ifaces.filter((i) => mine.has(i.id)).reduce((n, i) => n + (i.stats?.osdrop ?? 0) + (i.stats?.ifdrop ?? 0), 0);
        // Ours runs before and after the tcpdumps: compare the frames of the time tcpdump ran. Each
        // socket stamps a frame itself (a few µs apart), so one frame at either end may fall either way.
        const theirsBack = await readAll(tdFile(k));
        const first = micros(theirsBack.records[0]!);
        const last = micros(theirsBack.records.at(-1)!);
        const packets = back.records.filter((rec) => mine.has(rec.interfaceId) && micros(rec) >= first && micros(rec) <= last).length;
        const theirs = td[k]!;
        const slack = drops + theirs.dropped + (theirs.received - theirs.captured) + 2;
        assert.ok(packets > 1000, `${k}: ${packets} packets`);
        assert.ok(Math.abs(packets - theirs.captured) <= slack, `${k}: ours ${packets} (dropped ${drops}), tcpdump ${theirs.captured} (dropped ${theirs.dropped})`);
      }
      // Direction: the data reaches test_mac_2 — received on its eth1, sent out of its OVS port.
      const bigByDirection = (pred: (n: string, d: string) => boolean): Record<string, number> => {
        const ids = new Set(ifaces.filter((i) => pred(i.name ?? '', i.description ?? '')).map((i) => i.id));
        const c: Record<string, number> = {};
        for (const rec of back.records) if (ids.has(rec.interfaceId) && rec.capLen > 1000) c[rec.direction] = (c[rec.direction] ?? 0) + 1;
        return c;
      };
      assert.deepEqual(Object.keys(bigByDirection(points.container!)), ['inbound']);
      const port = bigByDirection((n) => n.endsWith(`/${ctr.ovsPort}`));
      assert.deepEqual(Object.keys(port), ['outbound'], JSON.stringify(port));
      assert.match(r.stdout, /no problems found/);
    });
  });
}
