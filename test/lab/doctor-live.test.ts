// doctor and fix on namespaces of their own (no lab, no OVS): the veth peer found in another
// namespace, an unreachable OVS recorded as an error, and apply/revert back to the same bytes.
// Root only; CI runs it as root and a non-root CI run fails loudly rather than skipping.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ipNetnsAdd, ipNetnsDelete, ipVethAdd } from '../../src/host/ip.js';
import { run } from '../../src/host/run.js';
import { collectFacts } from '../../src/remedy/index.js';
import { resolveTarget } from '../../src/target/resolve.js';
import { CLI, scratchDir } from '../support.js';

const SKIP = process.getuid?.() === 0 || process.env.CI ? false : 'needs root (network namespaces)';
const CTR = 'ovsfdoc-test-ctr';
const HOST = 'ovsfdoc-test-host';

const ethtoolK = async (): Promise<string> => (await run('ip', ['netns', 'exec', CTR, 'ethtool', '-k', 'eth1'])).stdout;

describe('doctor and fix on a private veth pair', { skip: SKIP }, () => {
  before(async () => {
    for (const n of [CTR, HOST]) {
      await ipNetnsDelete(n);
      await ipNetnsAdd(n);
    }
    await ipVethAdd({ name: 'eth1', netns: CTR }, { name: 'v-peer', netns: HOST });
  });
  after(async () => {
    for (const n of [CTR, HOST]) await ipNetnsDelete(n);
  });

  test('the peer in another namespace; no OVS is an error line, not a failure', async () => {
    const target = await resolveTarget({ scope: { kind: 'netns', name: CTR } });
    const facts = await collectFacts({ target, ovsDb: 'unix:/nonexistent/db.sock' });
    const peer = facts.interfaces.find((i) => i.role === 'peer');
    assert.deepEqual([peer?.name, peer?.where, peer?.kind], ['v-peer', `netns ${HOST}`, 'veth']);
    assert.match(peer!.foundBy[0]!, new RegExp(`nsid \\d+ is ${HOST}`));
    assert.equal(facts.ovs, undefined);
    assert.ok(facts.errors.some((e) => e.includes('unix:/nonexistent/db.sock')), facts.errors.join('\n'));
    assert.deepEqual(facts.risks.map((r) => r.id), ['tx-offload-datapath-unknown']);
  });

  test('dry run reads only; apply then revert gives ethtool -k back to the byte', async () => {
    const env = { OVSFORENSICS_FIX_DIR: scratchDir() };
    const original = await ethtoolK();
    const dry = await run(process.execPath, [CLI, 'fix', '--netns', CTR, '--features', 'tx,rx'], { env });
    assert.equal(dry.exitCode, 0, dry.stderr);
    assert.match(dry.stdout, /\$ ip netns exec ovsfdoc-test-ctr ethtool -K eth1 tx off rx off/);
    assert.equal(await ethtoolK(), original);

    const apply = await run(process.execPath, [CLI, 'fix', '--netns', CTR, '--features', 'tx,rx', '--apply'], { env });
    assert.equal(apply.exitCode, 0, apply.stderr);
    assert.match(await ethtoolK(), /^rx-checksumming: off\ntx-checksumming: off$/m);
    const revert = await run(process.execPath, [CLI, 'fix', '--netns', CTR, '--revert'], { env });
    assert.equal(revert.exitCode, 0, revert.stderr);
    assert.equal(await ethtoolK(), original);
  });
});
