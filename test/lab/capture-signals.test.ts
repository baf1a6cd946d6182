// Issue 4: a capture on an OVS port interrupted by SIGINT or SIGTERM removes its mirrors itself;
// after SIGKILL the leftovers (recognised by name and external_ids) are removed by the next
// capture on that bridge and by cleanupLeftoverMirrors (what `doctor --cleanup` calls), and the
// orphaned capture children stop on their own.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cleanupLeftoverMirrors } from '../../src/capture/index.js';
import { ovsVsctl } from '../../src/host/ovs.js';
import { pidsMentioning, startBackground, type Background } from '../../src/host/process.js';
import { CLI, LAB_SKIP, labDown, scratchDir } from './harness.js';
import { mirrorLab, mirrorLeftovers } from './capture-harness.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('capture cleanup', { skip: LAB_SKIP }, () => {
  let db = '';
  let port = '';
  before(async () => {
    ({ db, port } = await mirrorLab());
  });
  after(labDown);

  const start = async (): Promise<Background> => {
    const bg = startBackground(process.execPath, [CLI, 'capture', '--ovs-port', port, '--ovs-db', db, '-w', `${scratchDir('sig')}/x.pcapng`], { timeoutMs: 120_000 });
    await bg.waitForLine('stderr', /capturing with/, 30_000);
    assert.equal((await mirrorLeftovers(db)).length, 4, 'two ports and two mirrors while it runs');
    return bg;
  };

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    test(`${signal}: exits 0 with its summary and leaves no mirror`, async () => {
      const r = await (await start()).stop(signal);
      assert.equal(r.exitCode, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`stopped by ${signal}`));
      assert.deepEqual(await mirrorLeftovers(db), []);
    });
  }

  test('SIGKILL: the next capture on the bridge and cleanupLeftoverMirrors remove the leftovers', async () => {
    const killed = await start();
    await killed.stop('SIGKILL');
    assert.equal((await mirrorLeftovers(db)).length, 4, 'a killed capture cannot clean up');
    const owners = async (): Promise<string[]> => (await ovsVsctl(db, ['--bare', '--columns=external_ids', 'list', 'Mirror'])).stdout.split('\n').filter(Boolean);
    const deadTag = (await owners())[0]!;
    assert.match(deadTag, new RegExp(`ovsforensics-capture="?${killed.pid}/`));

    const next = await start();
    assert.ok(!(await owners()).some((o) => o.includes(`${killed.pid}/`)), 'the next capture removed the killed one\'s mirrors');
    await next.stop('SIGKILL');

    const swept = await cleanupLeftoverMirrors(db);
    assert.equal(swept.removed.length, 2, JSON.stringify(swept));
    assert.deepEqual(await mirrorLeftovers(db), []);
    // Orphaned engines get SIGTERM from the kernel (PR_SET_PDEATHSIG) and stop within their 250 ms drain.
    await sleep(3_000);
    assert.deepEqual(pidsMentioning('ovsf-capture '), []);
  });
});
