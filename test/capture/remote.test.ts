// Remote capture without a network: the remote command line as the remote shell will split it,
// the remote capture's ready line, and two recorded pcapng streams merged into one output.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { PassThrough, Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { encodeCounters } from '../../src/analyze/receiver-counters.js';
import { CaptureOutput } from '../../src/capture/output.js';
import { capturingLabels, RemoteMerge, remoteCaptureArgs, remoteLabel } from '../../src/capture/remote.js';
import { readRemoteBlocks } from '../../src/capture/remote-blocks.js';
import { remoteLine } from '../../src/host/ssh.js';
import { PcapngWriter, readableSource, readSource, readCapture } from '../../src/pcap/index.js';
import type { CaptureSummary } from '../../src/pcap/types.js';
import { scratchDir } from '../support.js';

/** A recorded remote stream: one pcapng with an interface per point, frames, and statistics with counters. */
function recorded(machine: string, points: string[], frames: number, t0: number): Buffer {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(c: Buffer, _e, done) {
      chunks.push(c);
      done();
    },
  });
  const w = new PcapngWriter(sink, { application: 'ovsforensics capture' });
  points.forEach((p) => w.addInterface({ linkType: 1, snapLen: 262144, name: `${machine}/${p}`, description: p, tsresol: 9 }));
  for (let i = 0; i < frames; i++) w.writePacket(i % points.length, { tsSec: t0 + i, tsNsec: 123 + i, data: Buffer.alloc(60, i), wireLen: 60, direction: i % 2 ? 'inbound' : 'outbound' });
  points.forEach((p, id) => {
    const counters = { point: `${machine}/${p}`, netns: p.split('/')[0]!, iface: p.split('/')[1]!, addresses: [], seconds: 1, kernel: { InCsumErrors: id }, nic: {} };
    w.writeStats(id, { tsSec: t0, tsNsec: 0, ifrecv: 100 + id, ifdrop: 0, osdrop: id, comment: encodeCounters(counters) });
  });
  void w.close();
  return Buffer.concat(chunks);
}

describe('remote command line', () => {
  it('every argument survives the remote shell: spaces, quotes, $ and ;', () => {
    const args = remoteCaptureArgs({ host: { name: 'h', destination: 'h' }, args: ['--netns', "no such'ns:eth0", '-i', 'eth0'] }, 250, { filter: ['host', '10.0.0.1', 'and', 'not port $X; rm -rf /'], snapLen: 262144, bufferBytes: 128 * 1024 * 1024 });
    const line = remoteLine('printf %s\\\\n', args);
    const r = spawnSync('sh', ['-c', line], { encoding: 'utf8' });
    assert.deepEqual(r.stdout.split('\n').slice(0, -1), args);
    assert.ok(args.includes('--stop-on-stdin-eof') && args.includes('-w') && args.at(-5) === '--');
    // The frames are analysed where they land, not twice; a slow ssh stream must not stall the remote engines.
    assert.ok(args.includes('--no-analysis') && args.includes('--spool'));
    // The local --spool-max is each remote host's.
    assert.equal(args[args.indexOf('--spool-max') + 1], '250');
  });

  it('reads the remote ready line and renames its points for the host', () => {
    assert.deepEqual(capturingLabels('ovsforensics: capturing with libpcap on 2 points: vm1/ns a/eth0, vm1/default/ovsfm0i (inbound)'), ['vm1/ns a/eth0', 'vm1/default/ovsfm0i']);
    assert.equal(capturingLabels('ovsforensics: checksum counters of x not recorded'), undefined);
    assert.equal(remoteLabel('hostA', 'vm1/ovsf-hostA/eth0'), 'hostA/ovsf-hostA/eth0');
  });
});

type Merging = (merge: RemoteMerge, host: string, pipe: PassThrough) => Promise<{ summary: CaptureSummary }>;
/** The tcpdump fallback's path, frame by frame, and the path of ovsforensics streams, run by run (remote-blocks.ts). */
const PATHS: [string, Merging][] = [
  ['frame by frame', (merge, host, pipe) => readSource(readableSource(host, pipe), (rec, s) => merge.write(rec, s))],
  ['block runs', (merge, host, pipe) => readRemoteBlocks(host, pipe, (run, s) => void merge.writeRun(run, run.packets, s))],
];

describe('remote stream merge', () => {
  for (const [path, merging] of PATHS) {
    it(`${path}: two recorded streams: one interface per point named HOST/NETNS/IFACE, every frame, timestamps and statistics kept`, async () => {
      const file = `${scratchDir()}/merged.pcapng`;
      const output = new CaptureOutput({ path: file, application: 'test' });
      const streams = [
        { host: 'hostA', bytes: recorded('vm-a', ['test_mac/eth1', 'ovsf-hostA/eth0'], 7, 1_700_000_000) },
        { host: 'hostB', bytes: recorded('vm-b', ['ovsf-hostB/eth0'], 5, 1_800_000_000) },
      ];
      const points = await Promise.all(
        streams.map(async ({ host, bytes }) => {
          const merge = new RemoteMerge(host, output, 262144);
          const pipe = new PassThrough();
          const reading = merging(merge, host, pipe);
          // Cut mid-block, as a pipe delivers it.
          pipe.write(bytes.subarray(0, 101));
          pipe.end(bytes.subarray(101));
          const { summary } = await reading;
          return merge.finish(summary, 1_900_000_000_000);
        }),
      );
      await output.close();
      assert.deepEqual(
        points.flat().map((p) => [p.label, p.packets, p.stats.recv, p.stats.drop]),
        [
          ['hostA/test_mac/eth1', 4, 100, 0],
          ['hostA/ovsf-hostA/eth0', 3, 101, 1],
          ['hostB/ovsf-hostB/eth0', 5, 100, 0],
        ],
      );
      const seen: [string, number, number, string][] = [];
      const { summary } = await readCapture(file, (rec, s) => seen.push([s.interfaces[rec.interfaceId]!.name!, rec.tsSec, rec.tsNsec, rec.direction]));
      assert.deepEqual(summary.interfaces.map((i) => i.name).sort(), ['hostA/ovsf-hostA/eth0', 'hostA/test_mac/eth1', 'hostB/ovsf-hostB/eth0']);
      assert.equal(seen.length, 12);
      assert.deepEqual(seen.filter(([n]) => n === 'hostB/ovsf-hostB/eth0').map(([, s, ns, d]) => [s, ns, d]), [0, 1, 2, 3, 4].map((i) => [1_800_000_000 + i, 123 + i, i % 2 ? 'inbound' : 'outbound']));
      const b = summary.interfaces.find((i) => i.name === 'hostA/ovsf-hostA/eth0')!;
      assert.deepEqual([b.stats?.ifrecv, b.stats?.osdrop], [101, 1]);
      assert.match(b.stats?.comments?.[0] ?? '', /"point":"hostA\/ovsf-hostA\/eth0".*"InCsumErrors":1/);
    });
  }

  it('block runs: -c inside a run keeps its first frames only; a stream that is not pcapng blocks is an error, what came before kept', async () => {
    const file = `${scratchDir()}/cut.pcapng`;
    const output = new CaptureOutput({ path: file, application: 'test' });
    const merge = new RemoteMerge('hostA', output, 262144);
    const pipe = new PassThrough();
    let left = 5;
    const reading = readRemoteBlocks('hostA', pipe, (run, s) => {
      const k = Math.min(left, run.packets);
      left -= k;
      if (k > 0) merge.writeRun(run, k, s);
      return undefined;
    });
    const bytes = recorded('vm-a', ['test_mac/eth1', 'ovsf-hostA/eth0'], 9, 1_700_000_000);
    pipe.write(bytes);
    pipe.end(Buffer.from('garbage, not a block'));
    const r = await reading;
    await output.close();
    assert.match(r.error?.message ?? '', /^hostA: not an ovsforensics capture stream/);
    const seen: number[] = [];
    await readCapture(file, (rec) => seen.push(rec.tsSec - 1_700_000_000));
    assert.deepEqual(seen, [0, 1, 2, 3, 4]);
  });
});
