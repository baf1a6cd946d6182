// Synthetic point sets with known damage through correlate(): the hop, the pattern, the checksum
// verdict, losses vs capture drops, retransmissions and clock offsets must come out as built.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { correlate, type Correlation, type Hop } from '../../../src/analyze/correlate/index.js';
import { scratchDir } from '../../support.js';
import { buildPointSet, damages, PAYLOAD, transfer, writePointSet, type PointSetOptions } from './fixtures.js';

const root = scratchDir();
let run = 0;

async function correlateSet(o: PointSetOptions): Promise<Correlation> {
  const dir = `${root}/set${run++}`;
  (await import('node:fs')).mkdirSync(dir);
  const args = await writePointSet(dir, buildPointSet(o));
  const points = args.map((a) => {
    const [name, path] = a.split('=') as [string, string];
    return { name, path };
  });
  const { correlation, errors } = await correlate({ points });
  assert.deepEqual(errors, []);
  return correlation;
}

const hop = (c: Correlation, from: string, to: string): Hop => c.hops.find((h) => h.from === from && h.to === to)!;
const forward = (c: Correlation): Hop[] => c.hops.filter((h) => h.direction === 'forward');

describe('correlate: synthetic point sets', () => {
  it('a clean transfer: everything matched at every hop, nothing wrong', async () => {
    const c = await correlateSet({ segments: transfer(40) });
    assert.equal(c.schema, 'ovsforensics.correlation/1');
    assert.deepEqual(c.points.map((p) => p.name), ['ctrA', 'hostA', 'hostB', 'ctrB']);
    assert.equal(c.firstBadHop, null);
    assert.deepEqual(c.findings, []);
    for (const h of forward(c)) assert.deepEqual([h.matched, h.altered, h.lost, h.added], [40, 0, 0, 0]);
    // The ACKs travel the other way and are recognised as such.
    assert.deepEqual(c.hops.filter((h) => h.direction === 'reverse').map((h) => `${h.from}>${h.to}:${h.matched}`), ['ctrB>hostB:40', 'hostB>hostA:40', 'hostA>ctrA:40']);
  });

  it('0xdead written over two bytes on the underlay: corruption located between ctrA and hostA', async () => {
    const c = await correlateSet({ segments: transfer(50, (s) => s.index % 10 === 3 && Object.assign(s, { damagedFrom: 'hostA', damage: damages.dead })) });
    assert.deepEqual(c.firstBadHop, { from: 'ctrA', to: 'hostA' });
    assert.equal(hop(c, 'ctrA', 'hostA').altered, 5);
    assert.equal(hop(c, 'hostA', 'hostB').altered, 0);
    assert.equal(hop(c, 'ctrA', 'hostA').checksumBlind, 0);
    assert.deepEqual(c.patterns.map((g) => [g.from, g.to, g.kind, g.offset, g.length, g.value, g.count]), [['ctrA', 'hostA', 'block-overwrite', 418, 2, 'dead', 5]]);
    assert.deepEqual(c.findings.map((f) => f.kind), ['corruption']);
    assert.match(c.findings[0]!.summary, /between ctrA and hostA.*0xdead at payload offset 418/);
    const a = c.altered[0]!;
    assert.equal(a.verdict, 'corrupt');
    assert.equal(a.before.point, 'ctrA');
    assert.equal(a.after.point, 'hostA');
    assert.match(a.hexAfter, /dead/);
    assert.doesNotMatch(a.hexBefore.slice((418 - a.hexOffset) * 2, (420 - a.hexOffset) * 2), /dead/);
  });

  it('a single bit flip between the underlays', async () => {
    const c = await correlateSet({ segments: transfer(20, (s) => s.index === 7 && Object.assign(s, { damagedFrom: 'hostB', damage: damages.bitFlip })) });
    assert.deepEqual(c.firstBadHop, { from: 'hostA', to: 'hostB' });
    assert.equal(c.altered[0]!.alteration.kind, 'bit-flip');
    assert.equal(c.altered[0]!.alteration.offset, 100);
    assert.equal(c.altered[0]!.checksumBlind, false);
  });

  it('two words changed with their sum kept in a 0x07 stream: checksum-blind at the last hop', async () => {
    const c = await correlateSet({ pattern: 0x07, segments: transfer(20, (s) => s.index === 4 && Object.assign(s, { damagedFrom: 'ctrB', damage: damages.blindWords })) });
    assert.deepEqual(c.firstBadHop, { from: 'hostB', to: 'ctrB' });
    const h = hop(c, 'hostB', 'ctrB');
    assert.deepEqual([h.altered, h.checksumBlind], [1, 1]);
    assert.deepEqual(c.findings.map((f) => f.kind), ['checksum-blind']);
    const a = c.altered[0]!;
    assert.equal(a.verdict, 'valid');
    assert.deepEqual([a.alteration.kind, a.alteration.offset, a.alteration.checksumNeutral], ['compensating-words', 200, true]);
  });

  it('a zeroed block', async () => {
    const c = await correlateSet({ segments: transfer(10, (s) => s.index === 2 && Object.assign(s, { damagedFrom: 'hostB', damage: damages.zeroed })) });
    assert.deepEqual([c.altered[0]!.alteration.kind, c.altered[0]!.alteration.offset, c.altered[0]!.alteration.length], ['zeroed', 300, 32]);
  });

  it('a segment lost after hostA and resent: lost on hostA → hostB, not a capture drop', async () => {
    const segs = transfer(20, (s) => s.index === 5 && (s.lostAfter = 'hostA'));
    segs.push({ index: 5, ipId: 2000, time: 0.05 });
    const c = await correlateSet({ segments: segs });
    assert.equal(hop(c, 'hostA', 'hostB').lost, 1);
    assert.equal(hop(c, 'hostA', 'hostB').matched, 20);
    assert.deepEqual(c.firstBadHop, { from: 'hostA', to: 'hostB' });
    assert.equal(c.points.reduce((n, p) => n + p.captureDrops, 0), 0);
  });

  it('a segment missing at a middle point only is a capture drop there, not a loss', async () => {
    const c = await correlateSet({ segments: transfer(20, (s) => s.index === 9 && (s.notCaptured = ['hostA'])) });
    assert.deepEqual(c.points.map((p) => p.captureDrops), [0, 1, 0, 0]);
    for (const h of forward(c)) assert.equal(h.lost, 0);
    assert.equal(hop(c, 'ctrA', 'hostA').matched, 19);
    assert.equal(c.firstBadHop, null);
  });

  it('a segment missing at the last point but acknowledged and never resent is a capture drop', async () => {
    const c = await correlateSet({ segments: transfer(20, (s) => s.index === 9 && (s.notCaptured = ['ctrB'])) });
    assert.equal(hop(c, 'hostB', 'ctrB').lost, 0);
    assert.equal(c.points[3]!.captureDrops, 1);
  });

  it('hostB\'s clock 3 s ahead: matched anyway, the offset estimated and reported', async () => {
    const c = await correlateSet({ segments: transfer(60, (s) => s.index === 30 && Object.assign(s, { damagedFrom: 'ctrB', damage: damages.dead })), clockOffset: { hostB: 3 } });
    for (const h of forward(c)) assert.equal(h.matched, 60);
    assert.ok(Math.abs(c.points[2]!.clockOffset - 3) < 0.01, `hostB offset ${c.points[2]!.clockOffset}`);
    const clock = hop(c, 'hostA', 'hostB').clock!;
    assert.equal(clock.method, 'two-way');
    assert.ok(Math.abs(clock.offset - 3) < 0.001, `hop offset ${clock.offset}`);
    assert.deepEqual(c.firstBadHop, { from: 'hostB', to: 'ctrB' });
  });

  it('retransmissions (same sequence number, new IP ID) are segments of their own, matched in order', async () => {
    const segs = transfer(10);
    segs.push({ index: 3, ipId: 3000, time: 0.02 }, { index: 3, ipId: 3001, time: 0.03, damagedFrom: 'hostA', damage: damages.dead });
    const c = await correlateSet({ segments: segs });
    assert.equal(hop(c, 'ctrA', 'hostA').matched, 12);
    assert.equal(hop(c, 'ctrA', 'hostA').altered, 1);
    assert.equal(c.altered[0]!.ipId, 3001);
    assert.equal(c.altered[0]!.seq, 1000 + 3 * PAYLOAD);
  });
});
