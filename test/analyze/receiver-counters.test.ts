// The receivers' counters as a capture stores them (an ISB comment per point), read back from a
// pcapng, and shown beside the findings they confirm by analyze, its text and correlate's.

import assert from 'node:assert/strict';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { counterEvidence, flowDestination } from '../../src/analyze/counter-evidence.js';
import { countersOf, decodeCounters, encodeCounters, type PointCounters } from '../../src/analyze/receiver-counters.js';
import type { Finding, FlowSummary } from '../../src/analyze/types.js';
import { emptyCounts } from '../../src/analyze/types.js';
import { analyze } from '../../src/analyze/analyze-files.js';
import { correlate } from '../../src/analyze/correlate/index.js';
import { PcapngWriter } from '../../src/pcap/index.js';
import { renderAnalysisText } from '../../src/report/text.js';
import { renderCorrelationText } from '../../src/report/correlation-text.js';
import { readAll, ROOT, scratchDir } from '../support.js';

const hostB: PointCounters = {
  point: 'lab/ovsf-hostB/eth0',
  netns: 'ovsf-hostB',
  iface: 'eth0',
  addresses: ['172.16.2.115', 'fe80::1'],
  seconds: 9.2,
  kernel: { UdpInCsumErrors: 7, Udp6InCsumErrors: 0, TcpInCsumErrors: 0 },
  nic: { rx_csum_err: 2, rx_csum_complete: 40 },
};
const ctrB: PointCounters = { point: 'lab/test_mac_2/eth1', netns: 'test_mac_2', iface: 'eth1', addresses: ['10.10.0.2'], seconds: 9.2, kernel: { UdpInCsumErrors: 0, TcpInCsumErrors: 5 }, nic: {} };
const ctrA: PointCounters = { point: 'lab/test_mac/eth1', netns: 'test_mac', iface: 'eth1', addresses: ['10.10.0.1'], seconds: 9.2, kernel: { UdpInCsumErrors: 0, TcpInCsumErrors: 0 }, nic: {} };

const FLOW = 'tcp 10.10.0.1:40000 > 10.10.0.2:5101 vni 42';
const flow: FlowSummary = {
  id: FLOW,
  protocol: 'tcp',
  src: '10.10.0.1',
  srcPort: 40000,
  dst: '10.10.0.2',
  dstPort: 5101,
  tunnel: { kind: 'vxlan', vni: 42, outerSrc: '172.16.2.114', outerDst: '172.16.2.115' },
  points: [],
  packets: 4,
  bytes: 0,
  segments: emptyCounts(),
  retransmissions: 3,
  firstSeen: 0,
  lastSeen: 7,
};
const finding = (kind: string, flows = [FLOW]): Finding => ({ kind: kind as Finding['kind'], severity: 'high', summary: '', count: 4, flows, evidence: {}, examples: [] });

describe('the stored record', () => {
  it('round-trips through its comment; other comments and damaged records are not records', () => {
    const text = encodeCounters(hostB);
    assert.match(text, /^ovsforensics\.counters\/1 \{"point":"lab\/ovsf-hostB\/eth0",/);
    assert.deepEqual(decodeCounters(text), hostB);
    assert.equal(decodeCounters('captured on Tuesday'), undefined);
    assert.equal(decodeCounters('ovsforensics.counters/1 {"point":'), undefined);
    assert.equal(decodeCounters(encodeCounters({ ...hostB, kernel: { UdpInCsumErrors: 'many' as unknown as number } })), undefined);
  });

  it('countersOf finds them in the statistics blocks of every file', () => {
    const iface = (id: number, comments?: string[]) => ({ id, linkType: 1, snapLen: 0, tsUnitsPerSec: 1e9, ...(comments ? { stats: { comments } } : {}) });
    const summaries = [
      { path: 'a', format: 'pcapng' as const, gzip: false, packets: 0, bytes: 0, interfaces: [iface(0, ['hello', encodeCounters(hostB)]), iface(1)] },
      { path: 'b', format: 'pcapng' as const, gzip: false, packets: 0, bytes: 0, interfaces: [iface(0, [encodeCounters(ctrB)])] },
    ];
    assert.deepEqual(countersOf(summaries), [hostB, ctrB]);
  });
});

describe('which counters confirm a finding', () => {
  it('flow ids give their protocol and destination, IPv6 in brackets', () => {
    assert.deepEqual(flowDestination(FLOW), { protocol: 'tcp', dst: '10.10.0.2' });
    assert.deepEqual(flowDestination('udp [fd00::1]:53 > [fd00::2]:4000'), { protocol: 'udp', dst: 'fd00::2' });
    assert.equal(flowDestination('nonsense'), undefined);
  });

  it('a damaged tunnel checksum: the tunnel\'s far end counts UDP errors of its IP version; its NIC failures too, not its good-checksum counter', () => {
    const e = counterEvidence(finding('tunnel-checksum'), [flow], [ctrA, hostB, ctrB]);
    assert.deepEqual(e, [{ netns: 'ovsf-hostB', point: hostB.point, receiver: true, counters: { UdpInCsumErrors: 7, rx_csum_err: 2 }, seconds: 9.2 }]);
    const over6 = { ...flow, tunnel: { ...flow.tunnel!, outerDst: 'fe80::1' } };
    assert.deepEqual(counterEvidence(finding('tunnel-checksum'), [over6], [hostB])[0]?.counters, { Udp6InCsumErrors: 0, rx_csum_err: 2 });
  });

  it('inner TCP damage: the inner destination is the receiver; another namespace appears only where its counters moved', () => {
    const e = counterEvidence(finding('blackhole'), [flow], [ctrA, hostB, ctrB]);
    assert.deepEqual(
      e.map((x) => [x.netns, x.receiver, x.counters]),
      [
        ['ovsf-hostB', false, { TcpInCsumErrors: 0, rx_csum_err: 2 }],
        ['test_mac_2', true, { TcpInCsumErrors: 5 }],
      ],
    );
  });

  it('a receiver that counted nothing is still shown (+0: it took the frames); two points of one namespace count it once', () => {
    const quiet = { ...ctrB, kernel: { TcpInCsumErrors: 0 } };
    const e = counterEvidence(finding('offload-leak'), [flow], [quiet, { ...quiet, point: 'lab/test_mac_2/eth2', iface: 'eth2' }]);
    assert.deepEqual(e.map((x) => [x.point, x.counters]), [[quiet.point, { TcpInCsumErrors: 0 }]]);
  });

  it('a finding without flows: every namespace whose checksum counters moved, none called the receiver', () => {
    const e = counterEvidence(finding('corruption', []), [], [ctrA, hostB, ctrB]);
    assert.deepEqual(e.map((x) => [x.netns, x.receiver]), [
      ['ovsf-hostB', false],
      ['test_mac_2', false],
    ]);
  });
});

describe('analyze and correlate of a capture that carries counters', () => {
  // The sample incident capture, rewritten with what each point's namespace counted.
  async function withCounters(): Promise<string> {
    const src = await readAll(join(ROOT, 'captures', 'incident-offload-leak.pcapng'));
    const out = join(scratchDir(), 'incident-counted.pcapng');
    const fd = openSync(out, 'w');
    const w = new PcapngWriter(fd);
    for (const i of src.summary.interfaces) w.addInterface({ linkType: i.linkType, name: i.name, tsresol: 9 });
    for (const r of src.records) w.writePacket(r.interfaceId, { tsSec: r.tsSec, tsNsec: r.tsNsec, data: r.data, wireLen: r.wireLen, direction: r.direction });
    const names = src.summary.interfaces.map((i) => i.name ?? '');
    const receiverSide = names.findIndex((n) => n === 'eth0');
    const senderSide = names.findIndex((n) => n === 'ctrA-eth1');
    assert.ok(receiverSide >= 0 && senderSide >= 0, names.join(', '));
    w.writeStats(receiverSide, { tsSec: 20, tsNsec: 0, comment: encodeCounters({ ...ctrB, point: 'eth0' }) });
    w.writeStats(senderSide, { tsSec: 20, tsNsec: 0, comment: encodeCounters({ ...ctrA, point: 'ctrA-eth1' }) });
    await w.close();
    closeSync(fd);
    return out;
  }

  it('analyze: the findings about the SYN to 10.10.0.2 say what its receiver counted; the text shows it and the points\' counters', async () => {
    const file = await withCounters();
    const { analysis } = await analyze({ captures: [{ path: file, point: 'incident' }] });
    assert.deepEqual(analysis.receiverCounters?.map((c) => c.netns), ['test_mac_2', 'test_mac']);
    const about = analysis.findings.filter((f) => f.flows.some((id) => flowDestination(id)?.dst === '10.10.0.2'));
    assert.ok(about.length > 0, analysis.findings.map((f) => f.kind).join(', '));
    for (const f of about) assert.deepEqual(f.counters, [{ netns: 'test_mac_2', point: 'eth0', receiver: true, counters: { TcpInCsumErrors: 5 }, seconds: 9.2 }], f.kind);
    const text = renderAnalysisText(analysis);
    assert.match(text, /\n {2}counted: receiver test_mac_2: TcpInCsumErrors \+5 during the capture \(9\.2 s\)\n/);
    assert.match(text, /\n {2}test_mac eth1: no checksum drops counted over 9\.2 s\n/);
  });

  it('correlate: each point carries its counters and the text lists them', async () => {
    const file = await withCounters();
    const { correlation } = await correlate({ points: [{ name: 'ctrA', path: file, interface: 'ctrA-eth1' }, { name: 'hostB', path: file, interface: 'eth0' }] });
    assert.deepEqual(correlation.points.map((p) => p.counters?.netns), ['test_mac', 'test_mac_2']);
    assert.match(renderCorrelationText(correlation), /\n {4}counters: test_mac_2 eth1: TcpInCsumErrors \+5 over 9\.2 s\n/);
  });
});
