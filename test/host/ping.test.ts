// ping's arguments for iputils and busybox, and the statistics line of each as they print it.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePingCount, pingArgs, pingSeconds, type PingProgram } from '../../src/host/ping.js';

const IPUTILS: PingProgram = { file: '/usr/bin/ping', prefix: [], pmtuOption: true };
const BUSYBOX: PingProgram = { file: '/bin/busybox', prefix: ['ping'], pmtuOption: false };
const request = { address: '10.10.0.2', payload: 1422, dontFragment: true, count: 2, waitS: 1 };

test('iputils: DF set with -M do, cleared with -M dont, bounded by count and the wait for the last reply', () => {
  const args = pingArgs(IPUTILS, request);
  assert.equal(args.at(-1), '10.10.0.2');
  const opt = (name: string): string | undefined => args[args.indexOf(name) + 1];
  assert.equal(opt('-M'), 'do');
  assert.equal(opt('-s'), '1422');
  assert.equal(opt('-c'), '2');
  assert.equal(opt('-W'), '1');
  assert.ok(!args.includes('-w'));
  assert.ok(pingSeconds(request) >= Number(opt('-c')) * Number(opt('-i')) + Number(opt('-W')));
  assert.equal(pingArgs(IPUTILS, { ...request, dontFragment: false })[args.indexOf('-M') + 1], 'dont');
});

test('busybox: no DF option at all, its subcommand first', () => {
  const args = pingArgs(BUSYBOX, request);
  assert.equal(args[0], 'ping');
  assert.ok(!args.includes('-M'));
  assert.ok(!args.includes('-i'));
  assert.equal(args.at(-1), '10.10.0.2');
});

test('statistics lines as iputils and busybox print them', () => {
  // iputils 20221126: all back; a DF ping above the sender's MTU; ICMP errors back (unreachable).
  assert.deepEqual(parsePingCount('--- 10.10.0.2 ping statistics ---\n2 packets transmitted, 2 received, 0% packet loss, time 201ms\nrtt min/avg/max/mdev = 0.1/0.2/0.3/0.1 ms\n'), { sent: 2, received: 2 });
  assert.deepEqual(parsePingCount('--- 192.168.77.2 ping statistics ---\n2 packets transmitted, 0 received, 100% packet loss, time 205ms\n'), { sent: 2, received: 0 });
  assert.deepEqual(parsePingCount('2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1002ms\n'), { sent: 2, received: 0 });
  // busybox 1.35
  assert.deepEqual(parsePingCount('--- ::1 ping statistics ---\n2 packets transmitted, 2 packets received, 0% packet loss\nround-trip min/avg/max = 0.061/0.123/0.186 ms\n'), { sent: 2, received: 2 });
  assert.equal(parsePingCount('ping: 10.10.0.2: Name or service not known\n'), undefined);
});
