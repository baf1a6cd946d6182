// Issue 4 on a bare veth pair in namespaces of its own (ovsfcap-t-*, not the lab's): both engines
// (libpcap child, tcpdump fallback) stop at -c exactly, -w - streams a pcapng a reader can follow,
// a BPF filter passes only what it names, and --no-analysis only writes the frames. Needs root, like the lab tests.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ipNetnsAdd, ipNetnsDelete, ipAddrAdd, ipLinkSet, ipVethAdd } from '../../src/host/ip.js';
import { runInChecked } from '../../src/host/netns.js';
import { startBackground } from '../../src/host/process.js';
import { readableSource, readSource } from '../../src/pcap/index.js';
import { readAll } from '../support.js';
import { CLI, LAB_SKIP, scratchDir } from './harness.js';

const A = 'ovsfcap-t-a';
const B = 'ovsfcap-t-b';

/** n UDP datagrams from A to B's port, 2 ms apart. */
async function sendUdp(port: number, n: number): Promise<void> {
  const js = `const s=require('dgram').createSocket('udp4');let i=0;const t=setInterval(()=>{s.send(Buffer.alloc(100,i),${port},'10.97.0.2');if(++i>=${n}){clearInterval(t);setTimeout(()=>s.close(),50)}},2)`;
  await runInChecked({ netns: A }, process.execPath, ['-e', js], { timeoutMs: 30_000 });
}

describe('capture engines on a veth pair', { skip: LAB_SKIP }, () => {
  before(async () => {
    for (const n of [A, B]) await ipNetnsDelete(n);
    await ipNetnsAdd(A);
    await ipNetnsAdd(B);
    await ipVethAdd({ name: 'ta', netns: A }, { name: 'tb', netns: B });
    await ipAddrAdd(A, 'ta', '10.97.0.1/24');
    await ipAddrAdd(B, 'tb', '10.97.0.2/24');
    await ipLinkSet(A, 'ta', { up: true });
    await ipLinkSet(B, 'tb', { up: true });
  });
  after(async () => {
    for (const n of [A, B]) await ipNetnsDelete(n);
  });

  for (const engine of ['pcap', 'tcpdump'] as const) {
    test(`${engine}: -c stops at exactly N, the filter keeps only its port, direction is inbound`, async () => {
      const file = join(scratchDir('engine'), `${engine}.pcapng`);
      const bg = startBackground(process.execPath, [CLI, 'capture', '--engine', engine, '--netns', `${B}:tb`, '-c', '40', '-w', file, 'udp', 'port', '9999'], { timeoutMs: 60_000 });
      await bg.waitForLine('stderr', /capturing with/, 20_000);
      await sendUdp(9998, 20);
      await sendUdp(9999, 100);
      const r = await bg.done;
      // A veth delivers the frames with checksums left to offload: received outside a tunnel, that is no finding.
      assert.equal(r.exitCode, 0, r.stderr);
      assert.match(r.stdout, /stopped by count[\s\S]*segments \(innermost TCP\/UDP\)/);
      const back = await readAll(file);
      assert.equal(back.records.length, 40);
      assert.ok(back.records.every((rec) => rec.direction === 'inbound' && rec.data.readUInt16BE(36) === 9999));
      assert.match(back.summary.interfaces[0]?.name ?? '', new RegExp(`/${B}/tb$`));
      assert.ok((back.summary.interfaces[0]?.stats?.ifrecv ?? 0) >= 40, JSON.stringify(back.summary.interfaces[0]?.stats));
    });
  }

  test('--no-analysis writes every frame and prints the point counters, no analysis', async () => {
    const file = join(scratchDir('engine'), 'no-analysis.pcapng');
    const bg = startBackground(process.execPath, [CLI, 'capture', '--no-analysis', '--netns', `${B}:tb`, '-c', '30', '-w', file, 'udp', 'port', '9999'], { timeoutMs: 60_000 });
    await bg.waitForLine('stderr', /capturing with/, 20_000);
    await sendUdp(9999, 60);
    const r = await bg.done;
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, /stopped by count/);
    assert.doesNotMatch(r.stdout, /segments \(innermost/);
    assert.equal((await readAll(file)).records.length, 30);
  });

  test('-w - streams pcapng on stdout while the summary goes to stderr', async () => {
    const child = spawn(process.execPath, [CLI, 'capture', '--netns', `${A}:ta`, '-c', '25', '-w', '-', 'udp'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const frames: string[] = [];
    const reading = readSource(readableSource('stdout', child.stdout), (rec) => frames.push(rec.direction));
    while (!/capturing with/.test(stderr)) await new Promise((r) => setTimeout(r, 50));
    await sendUdp(9999, 60);
    const { error, summary } = await reading;
    await new Promise((r) => child.once('close', r));
    assert.equal(error, undefined);
    assert.equal(summary.format, 'pcapng');
    assert.deepEqual(new Set(frames), new Set(['outbound']));
    assert.equal(frames.length, 25);
    assert.match(stderr, /stopped by count[\s\S]*segments \(innermost TCP\/UDP\)/);
  });
});
