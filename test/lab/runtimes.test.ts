// Issue 3 (5): both runtimes give containers whose pid works with nsenter, on br-int ports that the
// status's ovsdb string reaches, and traffic between them; `up` again changes nothing.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { dockerContainerPid } from '../../src/host/docker.js';
import { ovsVsctl } from '../../src/host/ovs.js';
import { run } from '../../src/host/run.js';
import { readState } from '../../src/lab/state.js';
import { cliJson, LAB_SKIP, labDown, labStatus, labUp, type TrafficJson } from './harness.js';

for (const runtime of ['netns', 'docker'] as const) {
  describe(`runtime ${runtime}`, { skip: LAB_SKIP }, () => {
    after(labDown);

    test('status, nsenter by pid, OVS ports, traffic on one host and across, idempotent up', async () => {
      await labDown();
      await labUp('--runtime', runtime, '--offload', 'off');
      const status = await labStatus();
      assert.deepEqual(status.hosts.map((h) => [h.name, h.ip, h.bridges.join(',')]), [
        ['hostA', '172.16.2.114', 'br-int,br-phy'],
        ['hostB', '172.16.2.115', 'br-int,br-phy'],
      ]);
      assert.deepEqual(status.injectors, []);
      assert.equal(status.containers.length, 3);
      for (const c of status.containers) {
        assert.equal(c.runtime, runtime);
        const addr = await run('nsenter', ['--target', String(c.pid), '--net', 'ip', '-j', 'addr', 'show', 'dev', c.iface]);
        const info = JSON.parse(addr.stdout) as { mtu: number; addr_info: { local: string }[] }[];
        assert.equal(info[0]?.mtu, 1450);
        assert.ok(info[0]?.addr_info.some((a) => a.local === c.ip), `${c.name} ${addr.stdout}`);
        const host = status.hosts.find((h) => h.name === c.host)!;
        const ports = (await ovsVsctl(host.ovsdb!, ['list-ports', 'br-int'])).stdout.split('\n');
        assert.ok(ports.includes(c.ovsPort) && ports.includes('vxlan0'), ports.join(' '));
        if (runtime === 'docker') assert.equal(await dockerContainerPid(readState()!.docker!.host, c.name), c.pid);
      }
      for (const [from, to] of [
        ['test_mac', 'test_mac_3'],
        ['test_mac_3', 'test_mac_2'],
      ]) {
        const t = await cliJson<TrafficJson>(['lab', 'traffic', '--from', from!, '--to', to!, '--bytes', '10M']);
        assert.deepEqual([t.exitCode, t.json.intact, t.json.delivered], [0, true, 10_000_000], `${from} -> ${to}`);
      }
      await labUp('--runtime', runtime, '--offload', 'off');
      assert.deepEqual((await labStatus()).containers.map((c) => c.pid), status.containers.map((c) => c.pid), 'up again keeps the same containers');
    });
  });
}
