// The live capture's status line (counts and drops always, the verdicts only when the capture analyses) and its summary.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderCaptureStatus, renderCaptureSummary } from '../../src/report/capture-text.js';

test('the status line shows rate, drops and CPU always, shed counts and verdicts only when analysing', () => {
  const base = { seconds: 3, packets: 12345, packetsPerSecond: 4100, dropped: 2, cpuCores: 0.254 };
  assert.equal(renderCaptureStatus(base), '3 s: 12,345 packets (4,100/s), 2 dropped, CPU 25%');
  assert.equal(
    renderCaptureStatus({ ...base, shed: 0, segments: { valid: 10, offload: 2, corrupt: 1, unverifiable: 0, absent: 0 } }),
    '3 s: 12,345 packets (4,100/s), 2 dropped, CPU 25% | valid 10 offload 2 corrupt 1 unverifiable 0',
  );
  assert.match(renderCaptureStatus({ ...base, shed: 5000, segments: { valid: 10, offload: 0, corrupt: 0, unverifiable: 0, absent: 0 } }), /CPU 25%, analysis shed 5,000 \|/);
});

test('the summary says each host keeps its own clock when the points span several hosts, not for one', () => {
  const point = (label: string) => ({ label, description: label, packets: 5, stats: { recv: 5, drop: 0, ifdrop: 0, final: true } });
  const result = (...labels: string[]) => ({ engine: 'native' as const, points: labels.map(point), files: ['x.pcapng'], stoppedBy: 'end' as const, seconds: 1 });
  assert.match(renderCaptureSummary(result('hostA/test_mac/eth1', 'hostB/ovsf-hostB/eth0')), /clocks: each host's own timestamps kept \(hostA, hostB\); `correlate` estimates their offsets/);
  assert.doesNotMatch(renderCaptureSummary(result('vm/test_mac/eth1', 'vm/default/eth0')), /clocks/);
});
