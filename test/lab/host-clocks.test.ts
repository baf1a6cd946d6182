// Host clocks on a real remote capture (docs/remote-capture.md, Clocks): the lab's hosts share this
// machine's clock, so correlate must find hostB's offset near zero and within its own bound; with
// hostB's packet timestamps moved by a known delta in the file (rewritten here, block by block),
// it must report that delta.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Correlation } from '../../src/analyze/correlate/index.js';
import { startBackground } from '../../src/host/process.js';
import { CLI, LAB_SKIP, cli, cliJson, labDown, labStatus, labUp, scratchDir } from './harness.js';

/**
 * Seconds. With one clock, two-way timing errs by half the difference between the two directions'
 * median transits, which on one machine's veth/OVS/VXLAN path are a fraction of a millisecond
 * (measured: +0.05 ms ± 0.85 ms); 2 ms is loose for that and still far below any real skew.
 */
const SHARED_CLOCK_BOUND = 0.002;
const DELTA = 0.25;

const POINTS = [
  ['ctrA', '--container', 'hostA:test_mac:eth1', 'hostA/test_mac/eth1'],
  ['hostA', '-i', 'hostA:eth0', 'hostA/ovsf-hostA/eth0'],
  ['hostB', '-i', 'hostB:eth0', 'hostB/ovsf-hostB/eth0'],
  ['ctrB', '--container', 'hostB:test_mac_2:eth1', 'hostB/test_mac_2/eth1'],
] as const;

/**
 * Moves the packet timestamps of the interfaces whose name starts with `host/` by `delta` seconds:
 * a walk over the pcapng blocks (little-endian sections, as capture writes), each Enhanced Packet
 * Block's 64-bit timestamp shifted in its interface's if_tsresol units.
 */
function shiftHost(file: string, out: string, host: string, delta: number): number {
  const b = readFileSync(file);
  let units: number[] = [];
  let shift: boolean[] = [];
  let shifted = 0;
  for (let at = 0; at + 12 <= b.length; ) {
    const type = b.readUInt32LE(at);
    const length = b.readUInt32LE(at + 4);
    assert.ok(length >= 12 && at + length <= b.length, `block at ${at}`);
    if (type === 0x0a0d0d0a) {
      assert.equal(b.readUInt32LE(at + 8), 0x1a2b3c4d, 'a little-endian section');
      units = [];
      shift = [];
    } else if (type === 1) {
      let resol = 1e6;
      let name = '';
      for (let o = at + 16; o + 4 <= at + length - 4; ) {
        const code = b.readUInt16LE(o);
        const len = b.readUInt16LE(o + 2);
        if (code === 0) break;
        if (code === 2) name = b.toString('utf8', o + 4, o + 4 + len);
        if (code === 9) resol = b[o + 4]! & 0x80 ? 2 ** (b[o + 4]! & 0x7f) : 10 ** b[o + 4]!;
        o += 4 + Math.ceil(len / 4) * 4;
      }
      units.push(resol);
      shift.push(name.startsWith(`${host}/`));
    } else if (type === 6) {
      const id = b.readUInt32LE(at + 8);
      if (shift[id]) {
        const ts = ((BigInt(b.readUInt32LE(at + 12)) << 32n) | BigInt(b.readUInt32LE(at + 16))) + BigInt(Math.round(delta * units[id]!));
        b.writeUInt32LE(Number(ts >> 32n), at + 12);
        b.writeUInt32LE(Number(ts & 0xffffffffn), at + 16);
        shifted++;
      }
    }
    at += length;
  }
  writeFileSync(out, b);
  return shifted;
}

describe('host clocks on a remote capture', { skip: LAB_SKIP }, () => {
  let file = '';
  before(async () => {
    await labDown();
    await labUp('--runtime', 'netns', '--offload', 'off');
    const s = await labStatus();
    const ssh = ['--ssh-config', s.hosts[0]!.ssh!.config, ...s.hosts.flatMap((h) => ['--host', `${h.name}=${h.ssh!.target}`])];
    file = join(scratchDir('host-clocks'), 'remote.pcapng');
    const args = [CLI, 'capture', ...ssh, '--remote-command', `${process.execPath} ${CLI}`, ...POINTS.flatMap(([, flag, spec]) => [flag, spec]), '-w', file, '--no-status', '--no-analysis'];
    const bg = startBackground(process.execPath, args, { timeoutMs: 300_000 });
    await bg.waitForLine('stderr', /capturing with .* on 4 points/, 90_000);
    const traffic = await cli(['lab', 'traffic', '--bytes', '10M']);
    assert.equal(traffic.exitCode, 0, traffic.stderr);
    const r = await bg.stop('SIGINT');
    assert.ok(r.exitCode === 0 || r.exitCode === 1, r.stderr);
  });
  after(labDown);

  const correlateFile = async (f: string): Promise<Correlation> => {
    const { json } = await cliJson<Correlation>(['correlate', ...POINTS.map(([name, , , label]) => `${name}=${f}#${label}`)], 600_000);
    assert.deepEqual(json.points.map((p) => p.host), ['hostA', 'hostA', 'hostB', 'hostB']);
    assert.equal(json.hostClocks.reference, 'hostA');
    return json;
  };

  test('one clock shared by both hosts: hostB within its bound of zero, and under 2 ms', async (t) => {
    const c = await correlateFile(file);
    const b = c.hostClocks.hosts.find((h) => h.host === 'hostB')!;
    assert.equal(b.method, 'two-way', JSON.stringify(b));
    assert.ok(b.segments > 1000, `rests on ${b.segments} segments`);
    assert.ok(Math.abs(b.offset!) <= b.uncertainty!, `offset ${b.offset} within ± ${b.uncertainty}`);
    assert.ok(Math.abs(b.offset!) < SHARED_CLOCK_BOUND, `offset ${b.offset}`);
    t.diagnostic(`hostB: ${JSON.stringify(b)}`);
    assert.deepEqual(c.hostClocks.disagreements, []);
  });

  test(`hostB's timestamps moved by +${DELTA * 1000} ms in the file: correlate reports that delta`, async (t) => {
    const moved = join(scratchDir('host-clocks-moved'), 'moved.pcapng');
    assert.ok(shiftHost(file, moved, 'hostB', DELTA) > 1000, 'hostB packets moved');
    const [plain, c] = [await correlateFile(file), await correlateFile(moved)];
    const b = c.hostClocks.hosts.find((h) => h.host === 'hostB')!;
    assert.equal(b.method, 'two-way');
    assert.ok(Math.abs(b.offset! - DELTA) < SHARED_CLOCK_BOUND, `offset ${b.offset}`);
    t.diagnostic(`hostB moved: ${JSON.stringify(b)}`);
    // Nearly the same segments timed (a few near the window's edge match otherwise): it moves by the delta, within the first bound.
    const plainB = plain.hostClocks.hosts.find((h) => h.host === 'hostB')!;
    assert.ok(Math.abs(b.offset! - plainB.offset! - DELTA) <= plainB.uncertainty!, `moved by ${b.offset! - plainB.offset!}, ${JSON.stringify([plainB, b])}`);
    assert.deepEqual(c.hostClocks.disagreements, []);
  });
});
