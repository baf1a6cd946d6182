// The live capture's status line: counts and drops always, the verdicts only when the capture analyses.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderCaptureStatus } from '../../src/report/capture-text.js';

test('the status line shows verdicts when analysing, and only packets and drops with --no-analysis', () => {
  const base = { seconds: 3, packets: 12345, dropped: 2 };
  assert.equal(renderCaptureStatus(base), '3 s: 12,345 packets, 2 dropped');
  assert.equal(
    renderCaptureStatus({ ...base, segments: { valid: 10, offload: 2, corrupt: 1, unverifiable: 0, absent: 0 } }),
    '3 s: 12,345 packets, 2 dropped | valid 10 offload 2 corrupt 1 unverifiable 0',
  );
});
