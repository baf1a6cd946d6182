// The transfer agent on loopback (no root needed): hashes match, patterns, and no hang when the
// peer never answers, never reads, stops sending, or whoever started the agent goes away.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startBackground, type Background } from '../../src/host/process.js';
import { parseBytePattern } from '../../src/flags/numbers.js';
import { stepArgs, type SendReport, type SendStep, type ServeReport } from '../../src/probe/steps.js';

const AGENT = fileURLToPath(new URL('../../src/probe/agent.js', import.meta.url));
const last = <T>(stdout: string): T => JSON.parse(stdout.trim().split('\n').pop()!) as T;
const EMPTY_SHA256 = createHash('sha256').digest('hex');

function agent(words: string[]): Background {
  return startBackground(process.execPath, [AGENT, ...words], { timeoutMs: 30_000 });
}

async function send(step: Partial<SendStep> & { port: number; bytes: number }): Promise<SendReport> {
  const s: SendStep = { step: 'send', address: '127.0.0.1', pattern: 'random', connectMs: 5_000, deadlineMs: 10_000, stallMs: 5_000, ...step };
  const r = await agent(stepArgs(s)).done;
  assert.equal(r.exitCode, 0, r.stderr);
  return last<SendReport>(r.stdout);
}

async function serve(deadlineMs = 20_000, stallMs = 10_000): Promise<{ server: Background; port: number }> {
  const server = agent(stepArgs({ step: 'serve', deadlineMs, stallMs }));
  const { port } = JSON.parse(await server.waitForLine('stdout', /"port"/, 5_000)) as { port: number };
  return { server, port };
}

test('patterns: random or one byte value', () => {
  assert.equal(parseBytePattern('random'), 'random');
  assert.equal(parseBytePattern('0x07'), 7);
  assert.equal(parseBytePattern('255'), 255);
  assert.equal(parseBytePattern('256'), undefined);
  assert.equal(parseBytePattern('abc'), undefined);
});

for (const pattern of ['random', 7] as const) {
  test(`serve + send (${pattern}): both hashes agree and every byte arrives`, async () => {
    const { server, port } = await serve();
    const sent = await send({ port, bytes: 3_000_001, pattern });
    const got = last<ServeReport>((await server.done).stdout);
    assert.equal(sent.connected, true);
    assert.equal(sent.sent, 3_000_001);
    assert.equal(got.received, 3_000_001);
    assert.equal(got.sha256, sent.sha256);
    assert.equal(got.timedOut, false);
    assert.equal(got.stalled, false);
    assert.equal(sent.stalled, false);
    if (pattern === 7) assert.equal(sent.sha256, createHash('sha256').update(Buffer.alloc(3_000_001, 7)).digest('hex'));
  });
}

test('nobody listening: reported as not connected, at once', async () => {
  const probe = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => probe.once('listening', r));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((r) => probe.close(r));
  const sent = await send({ port, bytes: 1000 });
  assert.equal(sent.connected, false);
  assert.equal(sent.stalled, false);
  assert.match(sent.error ?? '', /ECONNREFUSED/);
});

/** A peer that accepts and never reads; close() drops it. */
async function stuckPeer(): Promise<{ port: number; close: () => void }> {
  const sockets: net.Socket[] = [];
  const stuck = net.createServer((s) => {
    s.pause();
    sockets.push(s);
  });
  await new Promise<void>((r) => stuck.listen(0, '127.0.0.1', r));
  const close = (): void => {
    sockets.forEach((s) => s.destroy());
    stuck.close();
  };
  return { port: (stuck.address() as net.AddressInfo).port, close };
}

test('a peer that accepts but never reads: the sender reports a stall, before its deadline', async () => {
  const peer = await stuckPeer();
  const started = Date.now();
  const sent = await send({ port: peer.port, bytes: 500_000_000, pattern: 7, connectMs: 1_000, deadlineMs: 20_000, stallMs: 1_000 });
  peer.close();
  assert.equal(sent.connected, true);
  assert.equal(sent.stalled, true);
  assert.match(sent.error ?? '', /stalled: nothing acknowledged for 1 s/);
  assert.ok(sent.sent < 500_000_000);
  assert.ok(Date.now() - started < 15_000);
});

test('a peer that never reads and a long stall bound: the sender gives up at its deadline', async () => {
  const peer = await stuckPeer();
  const sent = await send({ port: peer.port, bytes: 500_000_000, pattern: 7, connectMs: 1_000, deadlineMs: 1_500, stallMs: 60_000 });
  peer.close();
  assert.equal(sent.stalled, false);
  assert.match(sent.error ?? '', /not finished within 1.5 s/);
});

test('a sender that connects and goes quiet: the receiver reports a stall with what it got', async () => {
  const { server, port } = await serve(20_000, 800);
  const socket = net.connect({ host: '127.0.0.1', port });
  await new Promise((r) => socket.once('connect', r));
  socket.write(Buffer.alloc(1000, 1));
  const got = last<ServeReport>((await server.done).stdout);
  socket.destroy();
  assert.equal(got.stalled, true);
  assert.equal(got.timedOut, false);
  assert.equal(got.received, 1000);
  assert.equal(got.sha256, createHash('sha256').update(Buffer.alloc(1000, 1)).digest('hex'));
});

test('the receiver reports what it has on SIGTERM', async () => {
  const { server } = await serve();
  const got = last<ServeReport>((await server.stop('SIGTERM')).stdout);
  assert.deepEqual(got, { received: 0, sha256: EMPTY_SHA256, timedOut: true, stalled: false });
});

test('the receiver ends when its stdin closes (whoever started it is gone)', async () => {
  const child = spawn(process.execPath, [AGENT, ...stepArgs({ step: 'serve', deadlineMs: 60_000, stallMs: 60_000 })], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('"port"')) child.stdin.end();
  });
  const [code] = (await once(child, 'close')) as [number];
  assert.equal(code, 0);
  assert.deepEqual(last<ServeReport>(out), { received: 0, sha256: EMPTY_SHA256, timedOut: true, stalled: false });
});
