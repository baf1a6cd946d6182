// The transfer agent on loopback (no root needed): hashes match, patterns, and no hang when the
// peer never answers or never reads.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import net from 'node:net';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startBackground } from '../../src/host/process.js';
import { parseBytePattern } from '../../src/flags/numbers.js';
import type { SendReport, ServeReport } from '../../src/lab/traffic-agent.js';

const AGENT = fileURLToPath(new URL('../../src/lab/traffic-agent.js', import.meta.url));
const last = <T>(stdout: string): T => JSON.parse(stdout.trim().split('\n').pop()!) as T;

async function send(port: number, bytes: number, pattern: string, connectMs = 5_000, deadlineMs = 10_000): Promise<SendReport> {
  const r = await startBackground(process.execPath, [AGENT, 'send', '127.0.0.1', String(port), String(bytes), pattern, String(connectMs), String(deadlineMs)], { timeoutMs: 30_000 }).done;
  assert.equal(r.exitCode, 0, r.stderr);
  return last<SendReport>(r.stdout);
}

test('patterns: random or one byte value', () => {
  assert.equal(parseBytePattern('random'), 'random');
  assert.equal(parseBytePattern('0x07'), 7);
  assert.equal(parseBytePattern('255'), 255);
  assert.equal(parseBytePattern('256'), undefined);
  assert.equal(parseBytePattern('abc'), undefined);
});

for (const pattern of ['random', '0x07']) {
  test(`serve + send (${pattern}): both hashes agree and every byte arrives`, async () => {
    const server = startBackground(process.execPath, [AGENT, 'serve', '20000'], { timeoutMs: 30_000 });
    const { port } = JSON.parse(await server.waitForLine('stdout', /"port"/, 5_000)) as { port: number };
    const sent = await send(port, 3_000_001, pattern);
    const got = last<ServeReport>((await server.done).stdout);
    assert.equal(sent.connected, true);
    assert.equal(sent.sent, 3_000_001);
    assert.equal(got.received, 3_000_001);
    assert.equal(got.sha256, sent.sha256);
    assert.equal(got.timedOut, false);
    if (pattern === '0x07') assert.equal(sent.sha256, createHash('sha256').update(Buffer.alloc(3_000_001, 7)).digest('hex'));
  });
}

test('nobody listening: reported as not connected, at once', async () => {
  const probe = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => probe.once('listening', r));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((r) => probe.close(r));
  const sent = await send(port, 1000, 'random');
  assert.equal(sent.connected, false);
  assert.match(sent.error ?? '', /ECONNREFUSED/);
});

test('a peer that accepts but never reads: the sender gives up at its deadline', async () => {
  const sockets: net.Socket[] = [];
  const stuck = net.createServer((s) => {
    s.pause();
    sockets.push(s);
  });
  await new Promise<void>((r) => stuck.listen(0, '127.0.0.1', r));
  const started = Date.now();
  const sent = await send((stuck.address() as net.AddressInfo).port, 500_000_000, '0x07', 1_000, 1_500);
  sockets.forEach((s) => s.destroy());
  stuck.close();
  assert.equal(sent.connected, true);
  assert.match(sent.error ?? '', /not finished within 1.5 s/);
  assert.ok(sent.sent < 500_000_000);
  assert.ok(Date.now() - started < 10_000);
});

test('the receiver reports what it has on SIGTERM', async () => {
  const server = startBackground(process.execPath, [AGENT, 'serve', '20000'], { timeoutMs: 30_000 });
  await server.waitForLine('stdout', /"port"/, 5_000);
  const got = last<ServeReport>((await server.stop('SIGTERM')).stdout);
  assert.deepEqual(got, { received: 0, sha256: createHash('sha256').digest('hex'), timedOut: true });
});
