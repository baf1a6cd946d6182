// The sample capture checksum-blind-path.pcapng, through the CLI: every checksum verifies, so
// `analyze` finds nothing; `correlate` of its three interfaces finds the two segments rewritten
// with their sum kept and names the hop (ctrA → hostB) that did it.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { assertMatchesSchema } from '../schema/validate.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const FILE = fileURLToPath(new URL('../../../captures/checksum-blind-path.pcapng', import.meta.url));

const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

test('analyze sees only valid checksums on checksum-blind damage', () => {
  const r = run(['analyze', FILE, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const a = JSON.parse(r.stdout) as { segments: { valid: number; corrupt: number }; findings: unknown[] };
  assert.equal(a.segments.corrupt, 0);
  assert.equal(a.segments.valid, 66);
  assert.deepEqual(a.findings, []);
});

test('correlate finds and locates it', () => {
  const r = run(['correlate', `ctrA=${FILE}#ctrA-eth1`, `hostB=${FILE}#hostB-eth0`, `ctrB=${FILE}#ctrB-eth1`, '--json']);
  assert.equal(r.status, 1, r.stderr);
  const c = JSON.parse(r.stdout) as {
    firstBadHop: { from: string; to: string } | null;
    hops: { from: string; to: string; altered: number; checksumBlind: number; lost: number }[];
    findings: { kind: string; count: number }[];
    altered: { alteration: { kind: string; offset: number }; verdict: string }[];
  };
  assertMatchesSchema('correlation', c);
  assert.deepEqual(c.firstBadHop, { from: 'ctrA', to: 'hostB' });
  const [first, second] = c.hops;
  assert.deepEqual([first!.altered, first!.checksumBlind, first!.lost], [2, 2, 0]);
  assert.deepEqual([second!.altered, second!.lost], [0, 0]);
  assert.deepEqual(c.findings.map((f) => [f.kind, f.count]), [['checksum-blind', 2]]);
  // The generator rewrote the 4 bytes at payload offset 200 + 4i of segments 3 and 7.
  assert.deepEqual(c.altered.map((a) => [a.alteration.kind, a.alteration.offset, a.verdict]), [['compensating-words', 212, 'valid'], ['compensating-words', 228, 'valid']]);
});
