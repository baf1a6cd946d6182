#!/usr/bin/env node
// Runs inside a container's network namespace (Node from the host, via `ip netns exec`).
// `serve DEADLINE_MS`: accepts one TCP connection, hashes what arrives, prints {"port"} when
// listening and {"received","sha256","timedOut"} at the end (also on SIGTERM or the deadline).
// `send HOST PORT BYTES PATTERN CONNECT_MS DEADLINE_MS`: streams BYTES of PATTERN ("random" or a
// byte such as 0x07), hashes what it sent, prints {"connected","sent","sha256","seconds","error"?}.

import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { pathToFileURL } from 'node:url';
import { isWholeNumber, parseBytePattern } from '../flags/numbers.js';

export interface ServeReport {
  received: number;
  sha256: string;
  timedOut: boolean;
}

export interface SendReport {
  connected: boolean;
  sent: number;
  sha256: string;
  seconds: number;
  error?: string;
}

const CHUNK = 64 * 1024;
const print = (o: object): void => void process.stdout.write(`${JSON.stringify(o)}\n`);

/** A whole number of the agent's arguments (milliseconds, a port, bytes), as the flags module reads numbers. */
const whole = (text: string | undefined, min = 0): number | undefined => (text !== undefined && isWholeNumber(text, min, Number.MAX_SAFE_INTEGER) ? Number(text) : undefined);

function serve(deadlineMs: number): void {
  const hash = createHash('sha256');
  let received = 0;
  let finished = false;
  const finish = (timedOut: boolean): void => {
    if (finished) return;
    finished = true;
    const report: ServeReport = { received, sha256: hash.digest('hex'), timedOut };
    print(report);
    process.exit(0);
  };
  const server = net.createServer((socket) => {
    server.close();
    socket.on('data', (d: Buffer) => {
      hash.update(d);
      received += d.length;
    });
    // Closing our side tells the sender everything arrived.
    socket.on('end', () => socket.end());
    socket.on('close', () => finish(false));
    socket.on('error', () => undefined);
  });
  server.listen(0, '0.0.0.0', () => print({ port: (server.address() as net.AddressInfo).port }));
  setTimeout(() => finish(true), deadlineMs);
  process.on('SIGTERM', () => finish(true));
}

function send(host: string, port: number, bytes: number, pattern: 'random' | number, connectMs: number, deadlineMs: number): void {
  const hash = createHash('sha256');
  const started = performance.now();
  let sent = 0;
  let connected = false;
  let error: string | undefined;
  const socket = net.connect({ host, port });
  const fail = (why: string): void => {
    error ??= why;
    socket.destroy();
  };
  const connectTimer = setTimeout(() => fail(`no connection within ${connectMs / 1000} s`), connectMs);
  const deadline = setTimeout(() => fail(`not finished within ${deadlineMs / 1000} s`), deadlineMs);
  const chunk = (n: number): Buffer => (pattern === 'random' ? randomBytes(n) : Buffer.alloc(n, pattern));
  const pump = (): void => {
    while (sent < bytes) {
      const c = chunk(Math.min(CHUNK, bytes - sent));
      hash.update(c);
      sent += c.length;
      if (!socket.write(c)) {
        socket.once('drain', pump);
        return;
      }
    }
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
    clearTimeout(connectTimer);
    clearTimeout(deadline);
    const report: SendReport = { connected, sent, sha256: hash.digest('hex'), seconds: (performance.now() - started) / 1000, ...(error ? { error } : {}) };
    print(report);
  });
}

function main(argv: string[]): void {
  const [mode, ...rest] = argv;
  const deadline = whole(rest[0], 1);
  if (mode === 'serve' && rest.length === 1 && deadline !== undefined) return serve(deadline);
  const [host, port, bytes, pattern, connectMs, deadlineMs] = [rest[0], whole(rest[1]), whole(rest[2]), parseBytePattern(rest[3] ?? ''), whole(rest[4]), whole(rest[5])];
  if (mode === 'send' && rest.length === 6 && host !== undefined && port !== undefined && bytes !== undefined && pattern !== undefined && connectMs !== undefined && deadlineMs !== undefined) {
    return send(host, port, bytes, pattern, connectMs, deadlineMs);
  }
  process.stderr.write('usage: traffic-agent serve DEADLINE_MS | send HOST PORT BYTES PATTERN CONNECT_MS DEADLINE_MS\n');
  process.exit(2);
}

// Only as a program: traffic.ts imports its types.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
