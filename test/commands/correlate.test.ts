// `ovsforensics correlate` through the CLI: exit statuses (0 clean, 1 findings, 2 bad input or
// usage), the JSON contract and points from a multi-interface pcapng; the lab case is in test/lab/correlate.test.ts.

import assert from 'node:assert/strict';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { PcapngWriter } from '../../src/pcap/index.js';
import { buildPointSet, damages, POINTS, transfer, writePointSet } from '../analyze/correlate/fixtures.js';
import { assertMatchesSchema } from '../schema/validate.js';
import { ROOT, runCli, scratchDir } from '../support.js';

const root = scratchDir();

async function pointSet(name: string, damaged: boolean): Promise<string[]> {
  const dir = join(root, name);
  mkdirSync(dir);
  return writePointSet(dir, buildPointSet({ segments: transfer(30, (s) => damaged && s.index === 11 && Object.assign(s, { damagedFrom: 'hostA', damage: damages.dead })) }));
}

describe('correlate command', () => {
  it('exit 0 and a one-line verdict on a clean path', async () => {
    const r = runCli(['correlate', ...(await pointSet('clean', false))]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout.split('\n')[0]!, /ctrA → hostA → hostB → ctrB: no segment altered or lost/);
  });

  it('exit 1 and the JSON contract when damage is found', async () => {
    const r = runCli(['correlate', '--json', ...(await pointSet('dead', true))]);
    assert.equal(r.status, 1, r.stderr);
    const c = JSON.parse(r.stdout);
    assertMatchesSchema('correlation', c);
    assert.equal(c.schema, 'ovsforensics.correlation/1');
    assert.deepEqual(c.points.map((p: { name: string }) => p.name), [...POINTS]);
    for (const h of c.hops) for (const k of ['from', 'to', 'matched', 'altered', 'lost']) assert.ok(k in h, k);
    assert.deepEqual(c.firstBadHop, { from: 'ctrA', to: 'hostA' });
    assert.equal(c.findings[0].kind, 'corruption');
    assert.equal(c.altered[0].alteration.value, 'dead');
  });

  it('exit 2 with one line naming the file and offset; what was read is still reported', async () => {
    const args = await pointSet('cut', true);
    const hostB = args[2]!.slice('hostB='.length);
    const bytes = readFileSync(hostB);
    writeFileSync(hostB, bytes.subarray(0, bytes.length - 700));
    const r = runCli(['correlate', ...args]);
    assert.equal(r.status, 2);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, new RegExp(`${hostB}: byte offset \\d+: `));
    assert.match(r.stdout, /first bad hop: ctrA → hostA/);
  });

  it('usage errors exit 2: one point, a repeated name, no such interface', async () => {
    const args = await pointSet('usage', false);
    assert.equal(runCli(['correlate', args[0]!]).status, 2);
    assert.equal(runCli(['correlate', args[0]!, args[0]!]).status, 2);
    const r = runCli(['correlate', `${args[0]}#eth9`, args[1]!]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no interface "eth9"/);
  });

  it('a pcapng with two interfaces gives two points (NAME/ifname), or one with NAME=FILE#ifname', async () => {
    const set = buildPointSet({ segments: transfer(10), acks: false });
    const path = join(root, 'two.pcapng');
    const fd = openSync(path, 'w');
    const w = new PcapngWriter(fd);
    const a = w.addInterface({ linkType: 1, name: 'veth-a' });
    const b = w.addInterface({ linkType: 1, name: 'veth-b' });
    const frames = [...set.ctrA.map((f) => ({ ...f, i: a })), ...set.ctrB.map((f) => ({ ...f, i: b }))].sort((x, y) => x.time - y.time);
    for (const f of frames) w.writePacket(f.i, { tsSec: Math.floor(f.time), tsNsec: Math.round((f.time % 1) * 1e9), data: f.data });
    w.writeStats(b, { tsSec: 1_800_000_001, tsNsec: 0, ifrecv: 12, ifdrop: 2 });
    await w.close();
    closeSync(fd);
    const both = JSON.parse(runCli(['correlate', '--json', `host=${path}`, `again=${path}#veth-b`]).stdout);
    assert.deepEqual(both.points.map((p: { name: string }) => p.name), ['host/veth-a', 'host/veth-b', 'again']);
    assert.equal(both.points[1].reportedDrops, 2);
    assert.equal(both.hops[0].matched, 10);
  });

  it('reads .pcap.gz points exactly as the plain files (the interface probe closes each gzip stream early)', () => {
    const plain = ['big-tcp.pcap', 'underlay-corruption.pcap'].map((f) => join(ROOT, 'captures', f));
    const zipped = plain.map((p) => {
      const z = join(root, `${basename(p)}.gz`);
      writeFileSync(z, gzipSync(readFileSync(p)));
      return z;
    });
    const run = (files: string[]): { status: number | null; stderr: string; json: string } => {
      const r = runCli(['correlate', '--json', `a=${files[0]}`, `b=${files[1]}`]);
      const c = JSON.parse(r.stdout);
      delete c.generatedAt;
      return { status: r.status, stderr: r.stderr, json: files.reduce((s, f, i) => s.replaceAll(JSON.stringify(f), `"input ${i}"`), JSON.stringify(c)) };
    };
    const a = run(plain);
    const b = run(zipped);
    assert.equal(b.stderr, '');
    assert.equal(b.status, a.status);
    assert.ok(b.json.includes('"input 1"'), b.json.slice(0, 300));
    assert.equal(b.json, a.json);
  });
});
