// The lab's hosts are reachable over SSH as real hosts are: `lab status` gives each host's ssh
// target and config; `ssh -F CONFIG hostA` lands in hostA's network namespace (the same namespace
// inode and links that `ip netns exec` sees), host keys are checked, and `down` leaves no sshd,
// management link or key behind.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { ipLinksIn } from '../../src/host/ip.js';
import { runIn } from '../../src/host/netns.js';
import { run } from '../../src/host/run.js';
import { LAB_SKIP, labDown, labStatus, labUp, leftovers } from './harness.js';

const PRIVSEP_DIR = '/run/sshd';

describe('lab hosts over SSH', { skip: LAB_SKIP }, () => {
  let privsepBefore = false;
  before(async () => {
    await labDown();
    privsepBefore = existsSync(PRIVSEP_DIR);
    await labUp('--runtime', 'netns');
  });
  after(labDown);

  test('status gives an ssh target per host, and ssh reaches exactly that host\'s namespace', async () => {
    const status = await labStatus();
    assert.deepEqual(status.hosts.map((h) => [h.name, h.ssh?.alias, h.ssh?.target]), [
      ['hostA', 'hostA', 'ssh://root@198.18.0.2'],
      ['hostB', 'hostB', 'ssh://root@198.18.0.6'],
    ]);
    for (const h of status.hosts) {
      const config = h.ssh!.config;
      const viaSsh = await run('ssh', ['-F', config, h.ssh!.alias, 'readlink /proc/self/ns/net; ip -o link show | cut -d: -f2']);
      assert.equal(viaSsh.exitCode, 0, `${viaSsh.command}: ${viaSsh.stderr}`);
      const local = await runIn({ netns: h.netns }, 'readlink', ['/proc/self/ns/net']);
      const [ns, ...names] = viaSsh.stdout.split('\n').map((l) => l.trim().replace(/@.*/, ''));
      assert.equal(ns, local.stdout.trim(), `${h.name}: the namespace ssh lands in`);
      const { links } = await ipLinksIn({ netns: h.netns });
      assert.deepEqual(names.sort(), links.map((l) => l.ifname).sort(), `${h.name}: links seen over ssh`);
      assert.ok(names.includes('mgmt0') && names.includes(h.underlay));
    }
  });

  test('host keys are checked: an empty known_hosts makes ssh refuse', async () => {
    const { ssh } = (await labStatus()).hosts[0]!;
    const r = await run('ssh', ['-F', ssh!.config, '-o', 'UserKnownHostsFile=/dev/null', ssh!.alias, 'true']);
    assert.notEqual(r.exitCode, 0);
    assert.match(r.stderr, /Host key verification failed/);
  });

  test('down removes the sshds, the management links and the keys', async () => {
    assert.ok((await leftovers()).some((l) => l.startsWith('link ovsf-mgmt-')));
    await labDown();
    assert.deepEqual(await leftovers(), []);
    assert.equal(existsSync(PRIVSEP_DIR), privsepBefore, `${PRIVSEP_DIR} as it was before up`);
  });
});
