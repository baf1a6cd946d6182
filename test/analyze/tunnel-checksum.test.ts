// Damaged outer UDP checksums (the flannel/Calico case): a tunnel-checksum finding of its own,
// counting the frames, naming the tunnel endpoints, stored vs expected, what the receiver did, the
// inner SYN's backoff and the remedy for the known causes; never corruption or an offload leak.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Analysis } from '../../src/analyze/types.js';
import { ACK, ETH_IPV4, ethernet, ipv4, PSH, SYN, tcp, udp, vxlan, type ChecksumMode } from '../../scripts/synth/frames.js';
import { analyse, type FedFrame } from './feed.js';

const MACS = { src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' };
const HOST_A = '172.16.0.1';
const HOST_B = '172.16.0.2';

/** A segment between pods 10.244.0.1:40000 and 10.244.1.1:80 over VXLAN 8472, its outer checksum set to `outer`. */
function frame(fromA: boolean, flags: number, seq: number, ack: number, payload: number, outer: ChecksumMode, inner: ChecksumMode = 'valid'): Buffer {
  const seg = tcp({ sport: fromA ? 40000 : 80, dport: fromA ? 80 : 40000, seq, ack, flags, payload: Buffer.alloc(payload, 1), check: inner });
  const innerIp = ipv4({ src: fromA ? '10.244.0.1' : '10.244.1.1', dst: fromA ? '10.244.1.1' : '10.244.0.1' }, seg);
  return ethernet(MACS, ETH_IPV4, ipv4({ src: fromA ? HOST_A : HOST_B, dst: fromA ? HOST_B : HOST_A }, udp({ sport: 50000, dport: 8472, payload: vxlan(1, ethernet(MACS, ETH_IPV4, innerIp)), check: outer })));
}

/** The SYN sent at 0, 1, 3, 7, 15, 31 and 63 s, as Linux backs off, each with the outer checksum 0xffff. */
const BACKOFF = [0, 1, 3, 7, 15, 31, 63];
const synStorm = (inner: ChecksumMode = 'valid'): FedFrame[] => BACKOFF.map((at) => ({ data: frame(true, SYN, 1000, 0, 0, 0xffff, inner), at, direction: 'inbound' }));

const only = (r: Analysis, kind: string) => {
  assert.deepEqual(r.findings.map((f) => f.kind), [kind], JSON.stringify(r.findings, null, 1));
  return r.findings[0]!;
};

describe('tunnel-checksum', () => {
  it('the flannel case: every frame counted, endpoints, stored vs expected, the drop and the SYN backoff', () => {
    const f = only(analyse(synStorm()), 'tunnel-checksum');
    assert.equal(f.count, BACKOFF.length);
    assert.equal(f.severity, 'critical');
    assert.match(f.summary, /^7 VXLAN frames from tunnel endpoint 172\.16\.0\.1 to 172\.16\.0\.2 carried a damaged outer UDP checksum \(e\.g\. frame 1: stored 0xffff, expected 0x[0-9a-f]{4}\)/);
    assert.match(f.summary, /drop.*Udp InCsumErrors/);
    assert.match(f.summary, /the SYN of tcp 10\.244\.0\.1:40000 > 10\.244\.1\.1:80 inside was sent 7 times, 1, 2, 4, 8, 16, 32 s apart, and never answered$/);
    assert.deepEqual([f.evidence.frames, f.evidence.tunnelEndpoints, f.evidence.storedChecksum, f.evidence.synIntervalsSeconds], [7, '172.16.0.1 > 172.16.0.2 (7)', '0xffff', '1, 2, 4, 8, 16, 32']);
    assert.deepEqual(f.flows, ['tcp 10.244.0.1:40000 > 10.244.1.1:80']);
    assert.deepEqual(f.advice, { id: 'tunnel-device-checksum', facts: { tunnelSource: '172.16.0.1' } });
    assert.match(f.remedy ?? '', /The sending host 172\.16\.0\.1 writes a wrong outer UDP checksum/);
    assert.match(f.remedy ?? '', /ethtool -K <VXLAN_DEVICE> tx-checksum-ip-generic off/);
    assert.match(f.remedy ?? '', /random-fully/);
    assert.match(f.remedy ?? '', /vmxnet3/);
  });

  it('the expected value is what a right outer checksum would hold', () => {
    const good = frame(true, SYN, 1000, 0, 0, 'valid');
    const f = only(analyse([{ data: frame(true, SYN, 1000, 0, 0, 0xffff) }]), 'tunnel-checksum');
    assert.equal(f.evidence.expectedChecksum, `0x${good.readUInt16BE(14 + 20 + 6).toString(16).padStart(4, '0')}`);
  });

  it('with the inner checksum unfinished too, the damage decides: no offload leak, no black hole', () => {
    const f = only(analyse(synStorm('offload')), 'tunnel-checksum');
    assert.equal(f.count, BACKOFF.length);
  });

  it('frames whose data the receiver acknowledged anyway: medium, and said so', () => {
    const r = analyse([
      { data: frame(true, SYN, 1000, 0, 0, 0xffff) },
      { data: frame(false, SYN | ACK, 5000, 1001, 0, 'valid') },
      { data: frame(true, PSH | ACK, 1001, 5001, 100, 0xffff) },
      { data: frame(false, ACK, 5001, 1101, 0, 'valid') },
    ]);
    const f = only(r, 'tunnel-checksum');
    assert.deepEqual([f.count, f.severity, f.evidence.innerAcknowledged], [2, 'medium', 2]);
    assert.match(f.summary, /the receiver took them anyway/);
  });
});
