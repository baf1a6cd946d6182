// The live capture's status line: counts and drops always, the verdicts only when the capture analyses.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderCaptureStatus } from '../../src/report/capture-text.js';

test('the status line shows rate, drops and CPU always, shed counts and verdicts only when analysing', () => {
  const base = { seconds: 3, packets: 12345, packetsPerSecond: 4100, dropped: 2, cpuCores: 0.254 };
  assert.equal(renderCaptureStatus(base), '3 s: 12,345 packets (4,100/s), 2 dropped, CPU 25%');
  assert.equal(
    renderCaptureStatus({ ...base, shed: 0, segments: { valid: 10, offload: 2, corrupt: 1, unverifiable: 0, absent: 0 } }),
    '3 s: 12,345 packets (4,100/s), 2 dropped, CPU 25% | valid 10 offload 2 corrupt 1 unverifiable 0',
  );
  assert.match(renderCaptureStatus({ ...base, shed: 5000, segments: { valid: 10, offload: 0, corrupt: 0, unverifiable: 0, absent: 0 } }), /CPU 25%, analysis shed 5,000 \|/);
});
