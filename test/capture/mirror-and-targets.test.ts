// The pure parts of capture: mirror names and plans, owner tags (pid reuse),
// the capture flags, direction from MAC addresses, libpcap link type names.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { macDirection } from '../../src/capture/direction.js';
import { freeMirrorIndex, mirrorPlan } from '../../src/capture/mirror.js';
import { ownerAlive, ownerTag } from '../../src/capture/owner.js';
import { parseCaptureOptions, type CaptureCliOptions } from '../../src/commands/capture.js';

describe('mirrors', () => {
  it('takes the smallest free ovsfm index', () => {
    assert.equal(freeMirrorIndex(['p1', 'vxlan0']), 0);
    assert.equal(freeMirrorIndex(['ovsfm0i', 'ovsfm0o', 'ovsfm2a', 'ovsfmx']), 1);
  });

  it('plans two mirrors for a port (received, sent) and one for a span, all tagged', () => {
    const port = mirrorPlan('br-int', 3, 'v-test_mac_2', '42/100');
    assert.deepEqual(
      port.map((m) => [m.name, m.port, m.select]),
      [
        ['ovsfm3i', 'v-test_mac_2', 'src'],
        ['ovsfm3o', 'v-test_mac_2', 'dst'],
      ],
    );
    for (const m of port) assert.deepEqual(m.externalIds, { 'ovsforensics-capture': '42/100', 'ovsforensics-bridge': 'br-int' });
    const span = mirrorPlan('br-int', 0, undefined, '42/100');
    assert.deepEqual(span.map((m) => [m.name, m.port, m.select]), [['ovsfm0a', undefined, undefined]]);
    // IFNAMSIZ: names stay under 16 bytes even at a large index.
    assert.ok(mirrorPlan('b', 99999, 'p', 't').every((m) => m.name.length <= 15));
  });

  it('tells a live owner from a dead one and from a reused pid', async () => {
    assert.ok(ownerAlive(ownerTag()));
    const [pid, start] = ownerTag().split('/');
    assert.equal(ownerAlive(`${pid}/${Number(start) + 1}`), false, 'same pid, other start time: reused');
    const child = spawn('true');
    const tag = ownerTag(child.pid!);
    await new Promise((r) => child.once('exit', r));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(ownerAlive(tag), false);
    assert.equal(ownerAlive('garbage'), false);
  });
});

const cli = (o: Partial<CaptureCliOptions>): CaptureCliOptions => ({ interface: [], container: [], netns: [], pid: [], ovsPort: [], snaplen: '262144', bufferSize: '128', spoolMax: '1000', ...o });

describe('capture flags', () => {
  it('turns flags into a request', () => {
    const r = parseCaptureOptions(['udp', 'port', '4789'], cli({ interface: ['eth0'], write: 'x.pcapng', count: '10', duration: '2.5', rotateSize: '1.5', maxFiles: '4', ovsPort: ['p1'], ovsDb: 'tcp:127.0.0.1:6640', span: true }));
    assert.deepEqual(r.filter, ['udp', 'port', '4789']);
    assert.deepEqual(r.output, { path: 'x.pcapng', rotateBytes: 1_500_000, maxFiles: 4 });
    assert.deepEqual([r.count, r.durationMs, r.ovsDb, r.span, r.snapLen, r.bufferBytes], [10, 2500, 'tcp:127.0.0.1:6640', true, 262144, 128 * 1024 * 1024]);
    assert.equal(r.analyze, undefined, 'analysed unless told');
    assert.equal(parseCaptureOptions([], cli({ interface: ['eth0'], write: 'x', analysis: false })).analyze, false);
  });

  it('refuses bad combinations with one line', () => {
    assert.throws(() => parseCaptureOptions([], cli({ interface: ['eth0'] })), /-w FILE/);
    assert.throws(() => parseCaptureOptions([], cli({ write: 'x' })), /name something to capture on/);
    assert.throws(() => parseCaptureOptions([], cli({ interface: ['e'], write: 'x', snaplen: '65535' })), /at least 262144/);
    assert.throws(() => parseCaptureOptions([], cli({ interface: ['e'], write: '-', rotateSize: '1' })), /needs a file/);
    assert.throws(() => parseCaptureOptions([], cli({ interface: ['e'], write: 'x', maxFiles: '2' })), /needs --rotate-size/);
    assert.throws(() => parseCaptureOptions([], cli({ interface: ['e'], write: 'x', span: true })), /--span/);
    assert.throws(() => parseCaptureOptions([], cli({ interface: ['e'], write: 'x', count: '0' })), /-c '0'/);
    assert.throws(() => parseCaptureOptions([], cli({ interface: ['e'], write: 'x', engine: 'cap' })), /--engine 'cap'/);
    // A bad value is named before a missing -w: values first, then how they combine.
    assert.throws(() => parseCaptureOptions([], cli({ interface: ['e'], duration: '1M' })), /--duration '1M'/);
    assert.throws(() => parseCaptureOptions([], cli({ interface: ['e'], write: 'x', ovsDb: 'tcp:1.2.3.4' })), /--ovs-db 'tcp:1.2.3.4'/);
    assert.throws(() => parseCaptureOptions([], cli({ interface: ['e'], write: 'x', analysis: false, report: 'r.html' })), /--report needs the analysis/);
  });
});

describe('direction and link types', () => {
  it('sent from an own address, received to one, else unknown', () => {
    const dir = macDirection(['02:00:00:00:00:01', '02:00:00:00:00:02']);
    const f = (dst: string, src: string): Buffer => Buffer.from(`${dst}${src}0800`.replace(/:/g, ''), 'hex');
    assert.equal(dir(1, f('02:00:00:00:00:09', '02:00:00:00:00:02')), 'outbound');
    assert.equal(dir(1, f('02:00:00:00:00:01', '02:00:00:00:00:09')), 'inbound');
    assert.equal(dir(1, f('ff:ff:ff:ff:ff:ff', '02:00:00:00:00:09')), 'unknown');
    assert.equal(dir(1, f('02:00:00:00:00:08', '02:00:00:00:00:09')), 'unknown');
    assert.equal(dir(113, f('02:00:00:00:00:01', '02:00:00:00:00:02')), 'unknown');
  });
});
