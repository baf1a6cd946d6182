// The probe on this machine's loopback, and `probe-agent` as ssh would run it (JSON lines on
// stdout, a stop when stdin closes); the namespaces, stalls and ssh are test/lab/probe.test.ts's.
// needs: iputils-ping

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { pidsMentioning } from '../../src/host/process.js';
import { pingLadder } from '../../src/probe/pings.js';
import { runProbe, type ProbeSide } from '../../src/probe/index.js';
import type { SideEvent } from '../../src/probe/side.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const loopback: ProbeSide = { target: { scope: { kind: 'current' }, iface: 'lo' } };

test('loopback: intact, both hashes equal, every ping size crosses, no threshold', async () => {
  const phases: string[] = [];
  const r = await runProbe({ from: loopback, to: loopback, bytes: 2_000_003, timeoutMs: 20_000, onPhase: (p) => phases.push(p) });
  assert.deepEqual(phases, ['transfer', 'pings']);
  assert.deepEqual([r.from.host, r.from.address, r.to.address, r.to.ifname], [hostname(), '127.0.0.1', '127.0.0.1', 'lo']);
  assert.equal(r.transfer.connected, true);
  assert.equal(r.transfer.intact, true);
  assert.equal(r.transfer.delivered, 2_000_003);
  assert.equal(r.transfer.sentSha256, r.transfer.receivedSha256);
  assert.equal(r.transfer.stalled, false);
  assert.deepEqual(
    r.pings.map((p) => p.payload),
    pingLadder(r.from.mtu, 'inet').map((l) => l.payload),
  );
  assert.ok(r.pings.every((p) => p.sent > 0 && p.received === p.sent && p.dontFragment === pingLadder(r.from.mtu, 'inet').find((l) => l.payload === p.payload)!.dontFragment));
  assert.equal(r.sizeThreshold, undefined);
});

test('without pings: only the transfer', async () => {
  const r = await runProbe({ from: loopback, to: loopback, bytes: 1000, timeoutMs: 20_000, pings: false, pattern: 7 });
  assert.equal(r.transfer.intact, true);
  assert.deepEqual(r.pings, []);
});

/** `probe-agent` with its stdin a pipe, as ssh runs it; its events as they come. */
function agent(words: string[]): { events: SideEvent[]; next: (key: string) => Promise<SideEvent>; end: () => void; exit: Promise<number> } {
  const child = spawn(process.execPath, [CLI, 'probe-agent', '--iface', 'lo', '--', ...words], { stdio: ['pipe', 'pipe', 'pipe'] });
  const events: SideEvent[] = [];
  const waiting: { key: string; resolve: (e: SideEvent) => void }[] = [];
  let partial = '';
  child.stdout.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop()!;
    for (const l of lines) {
      const e = JSON.parse(l) as SideEvent;
      events.push(e);
      for (const w of waiting.filter((x) => x.key in e)) w.resolve(e);
    }
  });
  const next = (key: string): Promise<SideEvent> => {
    const seen = events.find((e) => key in e);
    return seen ? Promise.resolve(seen) : new Promise((resolve) => waiting.push({ key, resolve }));
  };
  return { events, next, end: () => child.stdin.end(), exit: once(child, 'close').then(([code]) => code as number) };
}

test('probe-agent target: where the side is, as one JSON line', async () => {
  const a = agent(['target']);
  assert.equal(await a.exit, 0);
  assert.equal(a.events.length, 1);
  const t = (a.events[0] as { target: { address: string; ifname: string; mtu: number; scope: unknown } }).target;
  assert.deepEqual([t.address, t.ifname, t.scope], ['127.0.0.1', 'lo', { kind: 'current' }]);
  assert.ok(t.mtu >= 1500);
});

test('probe-agent serve: its stdin closing stops the receiver, which reports, and nothing is left running', async () => {
  const a = agent(['serve', '60001', '60001']);
  await a.next('port');
  assert.equal(pidsMentioning('agent.js serve 60001').length, 1);
  a.end();
  assert.equal(await a.exit, 0);
  assert.deepEqual(pidsMentioning('agent.js serve 60001'), []);
  const served = (a.events.find((e) => 'serve' in e) as { serve: { timedOut: boolean; received: number } }).serve;
  assert.deepEqual([served.timedOut, served.received], [true, 0]);
});

test('probe-agent: a bad step is one error line and exit 2', async () => {
  const child = spawn(process.execPath, [CLI, 'probe-agent', '--', 'serve', 'soon'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const [code] = (await once(child, 'close')) as [number];
  assert.equal(code, 2);
  assert.match(err, /^ovsforensics: probe-agent: expected serve DEADLINE_MS/);
  assert.equal(err.trim().split('\n').length, 1);
});
