#!/usr/bin/env node
// The probe's transfer agent, run inside a container's network namespace (Node from the host, via
// nsenter or `ip netns exec`); the words are steps.ts's. `serve`: accepts one TCP connection, hashes
// what arrives, prints {"port"} when listening and a ServeReport at the end. `send`: streams BYTES of
// PATTERN, hashes what it sent, prints a SendReport. Both stop early and report on SIGTERM or when
// their stdin closes (the parent is gone), at their deadline, and after a stall (docs/investigate.md).

import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { pathToFileURL } from 'node:url';
import { AGENT_USAGE, parseStep, type SendReport, type SendStep, type ServeReport, type ServeStep } from './steps.js';

const CHUNK = 64 * 1024;
const print = (o: object): void => void process.stdout.write(`${JSON.stringify(o)}\n`);

/** Calls stop when told to: SIGTERM, or stdin closing because whoever started us is gone. */
function onStop(stop: () => void): void {
  process.on('SIGTERM', stop);
  process.stdin.on('end', stop).on('error', stop).resume();
}

function serve(s: ServeStep): void {
  const hash = createHash('sha256');
  let received = 0;
  let finished = false;
  let stallTimer: NodeJS.Timeout | undefined;
  const finish = (timedOut: boolean, stalled = false): void => {
    if (finished) return;
    finished = true;
    const report: ServeReport = { received, sha256: hash.digest('hex'), timedOut, stalled };
    print(report);
    process.exit(0);
  };
  const progress = (): void => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => finish(false, true), s.stallMs);
  };
  const server = net.createServer((socket) => {
    server.close();
    progress();
    socket.on('data', (d: Buffer) => {
      hash.update(d);
      received += d.length;
      progress();
    });
    // Closing our side tells the sender everything arrived.
    socket.on('end', () => socket.end());
    socket.on('close', () => finish(false));
    socket.on('error', () => undefined);
  });
  // No host: :: where IPv6 is on (IPv4 too), 0.0.0.0 where a namespace has it off.
  server.listen(0, () => print({ port: (server.address() as net.AddressInfo).port }));
  setTimeout(() => finish(true), s.deadlineMs);
  onStop(() => finish(true));
}

function send(s: SendStep): void {
  const hash = createHash('sha256');
  const started = performance.now();
  let sent = 0;
  let connected = false;
  let stalled = false;
  let error: string | undefined;
  const socket = net.connect({ host: s.address, port: s.port });
  const fail = (why: string): void => {
    error ??= why;
    socket.destroy();
  };
  const connectTimer = setTimeout(() => {
    stalled = true;
    fail(`no connection within ${s.connectMs / 1000} s`);
  }, s.connectMs);
  const deadline = setTimeout(() => fail(`not finished within ${s.deadlineMs / 1000} s`), s.deadlineMs);
  // Only while writing: a socket that takes no data for stallMs has had nothing acknowledged.
  let stallTimer: NodeJS.Timeout | undefined;
  const writing = (): void => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => {
      stalled = true;
      fail(`stalled: nothing acknowledged for ${s.stallMs / 1000} s`);
    }, s.stallMs);
  };
  const chunk = (n: number): Buffer => (s.pattern === 'random' ? randomBytes(n) : Buffer.alloc(n, s.pattern));
  const pump = (): void => {
    writing();
    while (sent < s.bytes) {
      const c = chunk(Math.min(CHUNK, s.bytes - sent));
      hash.update(c);
      sent += c.length;
      if (!socket.write(c)) {
        socket.once('drain', pump);
        return;
      }
    }
    clearTimeout(stallTimer);
    socket.end();
  };
  socket.on('connect', () => {
    clearTimeout(connectTimer);
    connected = true;
    pump();
  });
  socket.on('end', () => socket.destroy());
  socket.on('error', (e) => fail(e.message));
  socket.on('close', () => {
    for (const t of [connectTimer, deadline, stallTimer]) clearTimeout(t);
    const report: SendReport = { connected, sent, sha256: hash.digest('hex'), seconds: (performance.now() - started) / 1000, stalled, ...(error ? { error } : {}) };
    print(report);
    process.exit(0);
  });
  onStop(() => fail('stopped'));
}

function main(argv: string[]): void {
  const s = parseStep(argv);
  if (s?.step === 'serve') return serve(s);
  if (s?.step === 'send') return send(s);
  process.stderr.write(`usage: agent ${AGENT_USAGE}\n`);
  process.exit(2);
}

// Only as a program.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
