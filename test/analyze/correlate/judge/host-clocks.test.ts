// Per-host clock offsets: a host whose clock runs 250 ms ahead (± jitter) in synthetic captures
// named HOST/NETNS/IFACE comes out at +250 ms within its stated uncertainty, its points agreeing;
// the chain of hop timings composes, a gap leaves a host unknown, one-way timing states no bound,
// and two points named one host with different clocks are called out.

import assert from 'node:assert/strict';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { correlate, type HopClock } from '../../../../src/analyze/correlate/index.js';
import { hostClocks, hostOf } from '../../../../src/analyze/correlate/judge/host-clocks.js';
import { PcapngWriter } from '../../../../src/pcap/index.js';
import { scratchDir } from '../../../support.js';
import { buildPointSet, POINTS, transfer, type PointName } from '../fixtures.js';

const dir = scratchDir();

const LABELS: Record<PointName, string> = {
  ctrA: 'hostA/test_mac/eth1',
  hostA: 'hostA/ovsf-hostA/eth0',
  hostB: 'hostB/ovsf-hostB/eth0',
  ctrB: 'hostB/test_mac_2/eth1',
};

/** Uniform in [-1, 1), the same sequence every run. */
function jitterSource(): () => number {
  let x = 0x9e3779b9;
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 2 ** 31 - 1;
  };
}

/**
 * The fixture's transfer with hostB's clock `shift` seconds ahead, each of its timestamps moved by
 * up to ± `jitter` more, written as one pcapng per host (two interfaces each, named as capture does).
 */
async function shiftedHosts(shift: number, jitter: number): Promise<{ name: string; path: string }[]> {
  const set = buildPointSet({ segments: transfer(400) });
  const rand = jitterSource();
  const files: { name: string; path: string }[] = [];
  for (const [host, points] of [['hostA', ['ctrA', 'hostA']], ['hostB', ['hostB', 'ctrB']]] as const) {
    const path = join(dir, `${host}-${shift}.pcapng`);
    const fd = openSync(path, 'w');
    const w = new PcapngWriter(fd);
    const frames = points.flatMap((p: PointName) => {
      const id = w.addInterface({ linkType: 1, name: LABELS[p] });
      return set[p].map((f) => ({ id, data: f.data, time: host === 'hostB' ? f.time + shift + jitter * rand() : f.time }));
    });
    for (const f of frames.sort((a, b) => a.time - b.time)) {
      const sec = Math.floor(f.time);
      w.writePacket(f.id, { tsSec: sec, tsNsec: Math.round((f.time - sec) * 1e9), data: f.data });
    }
    await w.close();
    closeSync(fd);
    files.push({ name: host, path });
  }
  return files;
}

describe('host clocks from matched segments', () => {
  it('hostB 250 ms ahead with ± 0.5 ms jitter: +250 ms within the stated uncertainty, its two points agreeing', async () => {
    const { correlation: c, errors } = await correlate({ points: await shiftedHosts(0.25, 0.0005) });
    assert.deepEqual(errors, []);
    assert.deepEqual(c.points.map((p) => p.host), ['hostA', 'hostA', 'hostB', 'hostB']);
    const h = c.hostClocks;
    assert.equal(h.reference, 'hostA');
    assert.deepEqual(h.hosts.map((x) => [x.host, x.points.length]), [['hostA', 2], ['hostB', 2]]);
    const b = h.hosts[1]!;
    assert.equal(b.method, 'two-way');
    assert.equal(b.pairs, 4);
    assert.ok(b.segments >= 300, `rests on ${b.segments} segments`);
    assert.ok(b.uncertainty! < 0.001, `uncertainty ${b.uncertainty}`);
    assert.ok(Math.abs(b.offset! - 0.25) <= b.uncertainty!, `offset ${b.offset} ± ${b.uncertainty}`);
    assert.ok(Math.abs(b.offset! - 0.25) < 0.0005, `offset ${b.offset} within the jitter`);
    assert.deepEqual(h.disagreements, []);
  });

  it('the same clock on both hosts: offset ~0, below the transit bound', async () => {
    const { correlation: c } = await correlate({ points: await shiftedHosts(0, 0) });
    const b = c.hostClocks.hosts[1]!;
    // The fixture's transit is 0.2 ms per hop both ways, so two-way timing cancels it exactly.
    assert.ok(Math.abs(b.offset!) < 1e-6, `offset ${b.offset}`);
    assert.ok(b.uncertainty! >= 0.0002 && b.uncertainty! < 0.001, `uncertainty ${b.uncertainty}`);
  });

  it('points of one plain pcap each: the file is the host', async () => {
    const set = buildPointSet({ segments: transfer(40) });
    const { writePointSet } = await import('../fixtures.js');
    const sub = join(dir, 'plain');
    (await import('node:fs')).mkdirSync(sub);
    const points = (await writePointSet(sub, set)).map((a) => ({ name: a.split('=')[0]!, path: a.split('=')[1]! }));
    const { correlation: c } = await correlate({ points });
    assert.deepEqual(c.points.map((p) => p.host), points.map((p) => p.path));
    assert.equal(c.hostClocks.hosts.length, POINTS.length);
  });
});

describe('hostClocks over hop timings', () => {
  const twoWay = (offset: number, transit: number, samples = 100): HopClock => ({ offset, transit, method: 'two-way', samples });
  const pts = (...hosts: string[]) => hosts.map((host, i) => ({ name: `p${i}`, host }));

  it('composes the chain: a host two hops away gets the sum, with the transits as its bound', () => {
    const h = hostClocks(pts('A', 'B', 'C'), [twoWay(0.1, 0.001), twoWay(-0.03, 0.002, 50)]);
    const c = h.hosts.find((x) => x.host === 'C')!;
    assert.ok(Math.abs(c.offset! - 0.07) < 1e-12);
    assert.ok(Math.abs(c.uncertainty! - (0.003 + 2e-6)) < 1e-12);
    assert.equal(c.segments, 50);
  });

  it('a hop never timed leaves the hosts beyond it unknown', () => {
    const h = hostClocks(pts('A', 'A', 'B'), [twoWay(0, 0.001), undefined]);
    assert.deepEqual(h.hosts[1], { host: 'B', points: ['p2'], pairs: 0, segments: 0 });
  });

  it('one-way timing: an offset that includes the transit, no bound, no disagreement claimed', () => {
    const h = hostClocks(pts('A', 'A', 'B'), [{ offset: 0.004, method: 'one-way', samples: 9 }, twoWay(0.5, 0.001)]);
    const b = h.hosts[1]!;
    assert.equal(b.method, 'one-way');
    assert.equal(b.uncertainty, undefined);
    assert.equal(b.pairs, 2);
    assert.ok(Math.abs(b.offset! - 0.502) < 1e-12, 'median of 0.504 and 0.5');
    assert.deepEqual(h.disagreements, []);
  });

  it('two points named one host whose clocks differ beyond the transit are called out', () => {
    const h = hostClocks(pts('A', 'B', 'B'), [twoWay(0.2, 0.001), twoWay(0.003, 0.0005)]);
    assert.deepEqual(h.disagreements.map((d) => [d.host, d.a, d.b]), [['B', 'p1', 'p2']]);
    assert.ok(Math.abs(h.disagreements[0]!.difference - 0.003) < 1e-12);
    const b = h.hosts[1]!;
    assert.ok(Math.abs(b.spread! - 0.003) < 1e-12);
    assert.ok(b.uncertainty! >= 0.0015, 'half the spread at least');
  });

  it('the host is the first field of HOST/NETNS/IFACE, else the file', () => {
    assert.equal(hostOf('hostA/test_mac/eth1', 'x.pcapng'), 'hostA');
    assert.equal(hostOf('eth0', 'x.pcapng'), 'x.pcapng');
    assert.equal(hostOf(undefined, 'y.pcap'), 'y.pcap');
    assert.equal(hostOf('/a/b', 'z.pcap'), 'z.pcap');
  });
});
