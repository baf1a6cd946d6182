// Offload-verdict segments received outside a tunnel are judged by the answer: on a veth pair the
// receiving kernel gets them still marked CHECKSUM_PARTIAL and acknowledges them (harmless); past a
// userspace datapath it drops them and nothing acknowledges them (an offload leak).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACK, ETH_IPV4, ethernet, ipv4, PSH, SYN, tcp } from '../../scripts/synth/frames.js';
import { analyse as feed } from './feed.js';

const A = { src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' };
const B = { src: '02:00:00:00:00:02', dst: '02:00:00:00:00:01' };

function frame(fromA: boolean, flags: number, seq: number, ack: number, payload: number, check: 'valid' | 'offload'): Buffer {
  const seg = tcp({ sport: fromA ? 40000 : 5201, dport: fromA ? 5201 : 40000, seq, ack, flags, payload: Buffer.alloc(payload, 7), check });
  const ip = ipv4({ src: fromA ? '10.0.0.1' : '10.0.0.2', dst: fromA ? '10.0.0.2' : '10.0.0.1' }, seg);
  return ethernet(fromA ? A : B, ETH_IPV4, ip);
}

/** Frames captured on the receiver's side: A's segments inbound, B's answers outbound. */
function analyse(frames: { data: Buffer; inbound: boolean }[]): ReturnType<typeof feed> {
  return feed(frames.map((f) => ({ data: f.data, direction: f.inbound ? 'inbound' : 'outbound' })), 'ctrB-eth1');
}

test('received offload segments that the receiver acknowledges are harmless (a veth pair)', () => {
  const r = analyse([
    { data: frame(true, SYN, 100, 0, 0, 'offload'), inbound: true },
    { data: frame(false, SYN | ACK, 900, 101, 0, 'offload'), inbound: false },
    { data: frame(true, ACK | PSH, 101, 901, 500, 'offload'), inbound: true },
    { data: frame(false, ACK, 901, 601, 0, 'offload'), inbound: false },
  ]);
  assert.equal(r.segments.offload, 4);
  assert.deepEqual(r.findings.map((f) => f.kind), []);
});

test('received offload segments never acknowledged are a leak, and a blackhole when resent', () => {
  const r = analyse([
    { data: frame(true, SYN, 100, 0, 0, 'offload'), inbound: true },
    { data: frame(true, SYN, 100, 0, 0, 'offload'), inbound: true },
    { data: frame(true, SYN, 100, 0, 0, 'offload'), inbound: true },
  ]);
  const leak = r.findings.find((f) => f.kind === 'offload-leak');
  assert.ok(leak, JSON.stringify(r.findings));
  assert.equal(leak.count, 3);
  assert.equal(leak.evidence.inbound, 3);
  assert.equal(leak.evidence.acceptedInbound, 0);
  assert.ok(r.findings.some((f) => f.kind === 'blackhole'));
});
