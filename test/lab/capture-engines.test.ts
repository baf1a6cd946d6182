// On a bare veth pair in namespaces of its own (ovsfcap-t-*, not the lab's): both engines (native,
// tcpdump fallback) stop at -c exactly, -w - streams a pcapng a reader can follow, a BPF filter
// passes only what it names, and --no-analysis only writes the frames; the native engine's frames
// are byte for byte a concurrent tcpdump's (as tcpdump -r prints both files), and it leaves no
// process behind after SIGINT or after its parent is SIGKILLed. Needs root, like the lab tests.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ipNetnsAdd, ipNetnsDelete, ipAddrAdd, ipLinkSet, ipVethAdd } from '../../src/host/ip.js';
import { runInChecked } from '../../src/host/netns.js';
import { pidsMentioning, startBackground } from '../../src/host/process.js';
import { tcpdumpStart } from '../../src/host/tcpdump.js';
import { readableSource, readSource } from '../../src/pcap/index.js';
import { readAll } from '../support.js';
import { CLI, LAB_SKIP, scratchDir } from './harness.js';

const A = 'ovsfcap-t-a';
const B = 'ovsfcap-t-b';

/** n UDP datagrams of `size` bytes from A to B's port, 2 ms apart. */
async function sendUdp(port: number, n: number, size = 100): Promise<void> {
  const js = `const s=require('dgram').createSocket('udp4');let i=0;const t=setInterval(()=>{s.send(Buffer.alloc(${size},i),${port},'10.97.0.2');if(++i>=${n}){clearInterval(t);setTimeout(()=>s.close(),50)}},2)`;
  await runInChecked({ netns: A }, process.execPath, ['-e', js], { timeoutMs: 30_000 });
}

/** Native engines whose parent is pid (its fifth argument). */
function enginesOf(pid: number): number[] {
  return pidsMentioning('ovsf-capture ').filter((p) => {
    try {
      const argv = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
      return argv[argv.findIndex((a) => a.endsWith('/ovsf-capture')) + 5] === String(pid);
    } catch {
      return false;
    }
  });
}

/** Waits (polling, bounded) until none of the pids is alive. */
async function gone(pids: number[], withinMs: number): Promise<boolean> {
  for (const end = Date.now() + withinMs; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    if (pids.every((p) => !pidsMentioning('ovsf-capture ').includes(p))) return true;
  }
  return false;
}

/** tcpdump's own reading of a file: every frame's lengths and bytes, no timestamps. */
function tcpdumpReading(file: string): string[] {
  const r = spawnSync('tcpdump', ['-r', file, '-n', '-t', '-e', '-xx'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split(/\n(?=\S)/).filter(Boolean);
}

/** Namespaces A and B joined by the veth ta–tb (10.97.0.1, .2), made before a suite's tests and removed after. */
function vethPairAround(): void {
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
}

describe('capture engines on a veth pair', { skip: LAB_SKIP }, () => {
  vethPairAround();

  for (const engine of ['native', 'tcpdump'] as const) {
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

  test('--spool: a reader that stops reading pauses the engine at --spool-max; every datagram is then in the stream or counted as dropped', async () => {
    const child = spawn(process.execPath, [CLI, 'capture', '--netns', `${A}:ta`, '-w', '-', '--spool', '--spool-max', '1', '--buffer-size', '1', '--no-analysis', 'udp'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Not read until the spool is full: the pipe fills, then the spool.
    child.stdout.pause();
    while (!/capturing with/.test(stderr)) await new Promise((r) => setTimeout(r, 50));
    const sending = sendUdp(9999, 3000, 1400);
    while (!/MB behind \(--spool-max\)/.test(stderr)) await new Promise((r) => setTimeout(r, 50));
    // Still not read while the rest is sent: a paused engine leaves it to the 1 MB ring, which overflows.
    await sending;
    let frames = 0;
    const reading = readSource(readableSource('stdout', child.stdout), () => frames++);
    // Paused by hand, a stream stays paused when a 'data' listener comes.
    child.stdout.resume();
    child.kill('SIGINT');
    const { error, summary } = await reading;
    await new Promise((r) => child.once('close', r));
    assert.equal(error, undefined);
    const stats = summary.interfaces[0]!.stats!;
    assert.ok((stats.osdrop ?? 0) > 0, `the kernel counted drops while the engine paused: ${JSON.stringify(stats)}`);
    assert.equal(frames + (stats.osdrop ?? 0), 3000, `${frames} frames + ${stats.osdrop} dropped`);
  });

  test('--spool: a reader that closes its end of stdout stops the capture (stopped by stdout, exit 0)', async () => {
    const child = spawn(process.execPath, [CLI, 'capture', '--netns', `${A}:ta`, '-w', '-', '--spool', '--no-analysis', 'udp'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('close', r));
    while (!/capturing with/.test(stderr)) await new Promise((r) => setTimeout(r, 50));
    // The reader takes the stream's first bytes, then closes its end.
    const first = new Promise<void>((r) => child.stdout.once('data', () => r()));
    await sendUdp(9999, 50);
    await first;
    child.stdout.destroy();
    // The capture goes on writing until a write finds no reader; the datagrams keep it writing.
    const more = setInterval(() => void sendUdp(9999, 20), 200);
    const code = await exited.finally(() => clearInterval(more));
    assert.equal(code, 0, stderr);
    assert.match(stderr, /stopped by stdout/);
  });
});

describe('the native engine against tcpdump, and its processes', { skip: LAB_SKIP }, () => {
  vethPairAround();

  test('every frame a concurrent tcpdump caught, byte for byte, lengths included', async () => {
    const dir = scratchDir('engine-bytes');
    const file = join(dir, 'native.pcapng');
    const bg = startBackground(process.execPath, [CLI, 'capture', '--engine', 'native', '--netns', `${B}:tb`, '-w', file, 'udp'], { timeoutMs: 60_000 });
    await bg.waitForLine('stderr', /capturing with/, 20_000);
    const td = await tcpdumpStart({ netns: B }, 'tb', join(dir, 'tcpdump.pcap'), ['udp']);
    await sendUdp(9999, 300);
    const stats = await td.stop();
    const r = await bg.stop('SIGINT');
    assert.equal(r.exitCode, 0, r.stderr);
    const ours = tcpdumpReading(file);
    const theirs = tcpdumpReading(join(dir, 'tcpdump.pcap'));
    assert.equal(stats.dropped, 0);
    assert.equal(theirs.length, 300);
    assert.deepEqual(ours, theirs);
  });

  for (const signal of ['SIGINT', 'SIGKILL'] as const) {
    test(`${signal} to the capture: its engine is gone right after`, async () => {
      const bg = startBackground(process.execPath, [CLI, 'capture', '--engine', 'native', '--netns', `${B}:tb`, '-w', join(scratchDir('engine-exit'), `${signal}.pcapng`)], { timeoutMs: 60_000 });
      await bg.waitForLine('stderr', /capturing with/, 20_000);
      const engines = enginesOf(bg.pid);
      assert.equal(engines.length, 1, 'one engine while it runs');
      await bg.stop(signal);
      // SIGKILL: the kernel sends the engine SIGTERM (PR_SET_PDEATHSIG); it drains for 250 ms and exits.
      assert.ok(await gone(engines, 5_000), `engine ${engines.join(' ')} still running after ${signal}`);
    });
  }
});
