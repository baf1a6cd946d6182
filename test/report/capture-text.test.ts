// The live capture's status line (counts and drops always, the verdicts only when the capture analyses) and its summary.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderCaptureStatus, renderCaptureSummary } from '../../src/report/capture-text.js';

test('the status line shows verdicts when analysing, and only packets and drops with --no-analysis', () => {
  const base = { seconds: 3, packets: 12345, dropped: 2 };
  assert.equal(renderCaptureStatus(base), '3 s: 12,345 packets, 2 dropped');
  assert.equal(
    renderCaptureStatus({ ...base, segments: { valid: 10, offload: 2, corrupt: 1, unverifiable: 0, absent: 0 } }),
    '3 s: 12,345 packets, 2 dropped | valid 10 offload 2 corrupt 1 unverifiable 0',
  );
});

test('the summary says each host keeps its own clock when the points span several hosts, not for one', () => {
  const point = (label: string) => ({ label, description: label, packets: 5, stats: { recv: 5, drop: 0, ifdrop: 0, final: true } });
  const result = (...labels: string[]) => ({ engine: 'pcap' as const, points: labels.map(point), files: ['x.pcapng'], stoppedBy: 'end' as const, seconds: 1 });
  assert.match(renderCaptureSummary(result('hostA/test_mac/eth1', 'hostB/ovsf-hostB/eth0')), /clocks: each host's own timestamps kept \(hostA, hostB\); `correlate` estimates their offsets/);
  assert.doesNotMatch(renderCaptureSummary(result('vm/test_mac/eth1', 'vm/default/eth0')), /clocks/);
});
