// Unfinished (offload) checksums judged by outcome, inside and outside tunnels: acknowledged by
// the receiver or seen leaving the sender is no fault; resent and never acknowledged is an offload
// leak (and the resent SYN a black hole); with no way to tell, an info note that claims no drop.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isFault } from '../../src/analyze/findings.js';
import type { Analysis } from '../../src/analyze/types.js';
import type { Direction } from '../../src/pcap/types.js';
import { ACK, checksumFrom, ETH_IPV4, ethernet, ipv4, PSH, SYN, tcp, udp, vxlan, type ChecksumMode } from '../../scripts/synth/frames.js';
import { analyse, type FedFrame } from './feed.js';

const A = '10.0.0.1';
const B = '10.0.0.2';
const MACS = { src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' };

interface Seg {
  fromA: boolean;
  flags: number;
  seq: number;
  ack?: number;
  payload?: number;
  check?: ChecksumMode;
  /** Client port, for a second connection. */
  port?: number;
}

function ip(s: Seg): Buffer {
  const port = s.port ?? 40000;
  const seg = tcp({ sport: s.fromA ? port : 5201, dport: s.fromA ? 5201 : port, seq: s.seq, ack: s.ack ?? 0, flags: s.flags, payload: Buffer.alloc(s.payload ?? 0, 7), check: s.check ?? 'offload' });
  return ipv4({ src: s.fromA ? A : B, dst: s.fromA ? B : A }, seg);
}

/** Outside a tunnel, as the receiver's veth sees it: A's segments inbound, B's outbound, unless told. */
function bare(s: Seg, direction?: Direction): FedFrame {
  return { data: ethernet(MACS, ETH_IPV4, ip(s)), direction: direction ?? (s.fromA ? 'inbound' : 'outbound') };
}

/** Inside kernel VXLAN with LCO, as an underlay capture without direction sees it. */
function tunnelled(s: Seg): FedFrame {
  const frame = (inner: ChecksumMode): Buffer =>
    ethernet(MACS, ETH_IPV4, ipv4({ src: s.fromA ? '172.16.0.1' : '172.16.0.2', dst: s.fromA ? '172.16.0.2' : '172.16.0.1' }, udp({ sport: 50000, dport: 8472, payload: vxlan(1, ethernet(MACS, ETH_IPV4, ip({ ...s, check: inner }))), check: 'valid' })));
  return { data: checksumFrom(frame('valid'), frame('offload'), 14 + 20 + 6) };
}

const kinds = (r: Analysis): string[] => r.findings.map((f) => f.kind);
const handshake = (wrap: (s: Seg) => FedFrame): FedFrame[] => [
  wrap({ fromA: true, flags: SYN, seq: 100 }),
  wrap({ fromA: false, flags: SYN | ACK, seq: 900, ack: 101 }),
  wrap({ fromA: true, flags: ACK | PSH, seq: 101, ack: 901, payload: 500 }),
  wrap({ fromA: false, flags: ACK, seq: 901, ack: 601 }),
];

describe('unfinished checksums judged by outcome', () => {
  it('received outside a tunnel and acknowledged: no finding', () => {
    const r = analyse(handshake((s) => bare(s)));
    assert.equal(r.segments.offload, 4);
    assert.deepEqual(kinds(r), []);
  });

  it('inside kernel VXLAN with LCO, direction unknown, acknowledged: no finding, no corrupt outer checksum', () => {
    const r = analyse(handshake(tunnelled));
    assert.equal(r.segments.offload, 4);
    assert.deepEqual(r.layers.find((l) => l.layer === 'udp' && l.depth === 0)?.counts, { valid: 0, offload: 4, corrupt: 0, unverifiable: 0, absent: 0 });
    assert.deepEqual(kinds(r), []);
  });

  it('resent and never acknowledged, arriving: an offload leak resting on that evidence, and a black hole', () => {
    const r = analyse([0, 1, 3].map((at) => ({ ...bare({ fromA: true, flags: SYN, seq: 100 }), at })));
    const leak = r.findings.find((f) => f.kind === 'offload-leak');
    assert.ok(leak, JSON.stringify(r.findings));
    assert.deepEqual([leak.count, leak.severity, leak.evidence.basis, leak.evidence.inbound, leak.evidence.acknowledged], [3, 'high', 'resent and never acknowledged', 3, 0]);
    assert.match(leak.summary, /resent and never acknowledged: the receiver did not take them/);
    assert.deepEqual(kinds(r).sort(), ['blackhole', 'offload-leak']);
  });

  it('resent and never acknowledged inside a tunnel, direction unknown: an offload leak', () => {
    const r = analyse([tunnelled({ fromA: true, flags: SYN, seq: 100 }), tunnelled({ fromA: true, flags: SYN, seq: 100 })]);
    assert.deepEqual(kinds(r).sort(), ['blackhole', 'offload-leak']);
    assert.equal(r.findings.find((f) => f.kind === 'offload-leak')?.evidence.insideTunnel, 2);
  });

  it('neither acknowledged nor resent: an info note, exit status 0, no claim that the receiver drops them', () => {
    const r = analyse([bare({ fromA: true, flags: ACK | PSH, seq: 101, ack: 901, payload: 100 })]);
    assert.deepEqual(kinds(r), ['offload-unconfirmed']);
    const note = r.findings[0]!;
    assert.deepEqual([note.severity, note.count, note.evidence.neitherAcknowledgedNorResent, isFault(note)], ['info', 1, 1, false]);
    assert.doesNotMatch(note.summary, /drop/);
  });

  it('UDP received with an unfinished checksum: an info note', () => {
    const dgram = ipv4({ src: A, dst: B }, udp({ sport: 5353, dport: 53, payload: Buffer.alloc(20, 1), check: 'offload' }));
    const r = analyse([{ data: ethernet(MACS, ETH_IPV4, dgram), direction: 'inbound' }]);
    assert.deepEqual([kinds(r), r.findings[0]?.evidence.udp], [['offload-unconfirmed'], 1]);
  });

  it('seen leaving its sender, resent and never answered: normal there, no finding', () => {
    const r = analyse([0, 1, 3].map((at) => ({ ...bare({ fromA: true, flags: SYN, seq: 100 }, 'outbound'), at })));
    assert.deepEqual(kinds(r), []);
  });

  it('resent and never answered where the direction is unknown outside a tunnel (maybe the sender): a note, no black hole', () => {
    const r = analyse([0, 1, 3].map((at) => ({ ...bare({ fromA: true, flags: SYN, seq: 100 }, 'unknown'), at })));
    assert.deepEqual(kinds(r), ['offload-unconfirmed']);
    assert.equal(r.findings[0]!.evidence.resentDirectionUnknown, 3);
  });

  it('resent and never answered by a receiver that acknowledged unfinished checksums on another connection: a note', () => {
    const other = (s: Seg): FedFrame => bare({ ...s, port: 40001 });
    const r = analyse([...handshake(other), bare({ fromA: true, flags: SYN, seq: 7000 }), bare({ fromA: true, flags: SYN, seq: 7000 })]);
    assert.deepEqual(kinds(r), ['offload-unconfirmed']);
    assert.equal(r.findings[0]!.evidence.resentReceiverTakesOthers, 2);
  });
});
