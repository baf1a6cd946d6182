// Severity and counts match the evidence: a corruption finding counts what was damaged and says
// nothing of intact segments; an outer checksum that only shows the inner damage is no finding of its own.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ETH_IPV4, ethernet, ipv4, tcp, udp, vxlan } from '../../scripts/synth/frames.js';
import { analyse } from './feed.js';

const MACS = { src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' };

test('a damaged IPv4 header alone: corruption of one header, no segment claimed', () => {
  const pkt = ipv4({ src: '10.0.0.1', dst: '10.0.0.2', headerChecksum: 0x1234 }, tcp({ sport: 1, dport: 2, seq: 1 }));
  const r = analyse([{ data: ethernet(MACS, ETH_IPV4, pkt) }]);
  assert.deepEqual(r.findings.map((f) => [f.kind, f.severity, f.count]), [['corruption', 'critical', 1]]);
  assert.match(r.findings[0]!.summary, /^1 IPv4 header was altered after its checksum was computed/);
  assert.equal(r.findings[0]!.evidence.corruptSegments, 0);
});

test('a damaged inner segment explains its damaged outer checksum: corruption the tunnel checksum caught, no tunnel-checksum finding', () => {
  const inner = ethernet(MACS, ETH_IPV4, ipv4({ src: '10.0.0.1', dst: '10.0.0.2' }, tcp({ sport: 1, dport: 2, seq: 1, payload: Buffer.alloc(40, 3), damage: [5] })));
  const frame = ethernet(MACS, ETH_IPV4, ipv4({ src: '172.16.0.1', dst: '172.16.0.2' }, udp({ sport: 50000, dport: 4789, payload: vxlan(1, inner), check: 0x0bad })));
  const r = analyse([{ data: frame }]);
  assert.deepEqual(r.findings.map((f) => [f.kind, f.count]), [['corruption', 1]]);
  const f = r.findings[0]!;
  assert.match(f.summary, /^1 of 1 segment \(100%\), all inside the tunnel, was altered/);
  assert.equal(f.evidence.caughtByTunnelChecksum, 1);
  assert.deepEqual(f.advice, { id: 'underlay-corruption', facts: {} });
});
