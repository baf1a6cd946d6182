// The exit statuses every command shares: an unreadable input outranks a problem found, which
// outranks nothing wrong; the result is handed through untouched.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EXIT_ERROR, outcome } from '../src/exit-status.js';

test('2 when an input could not be read, whatever was found; 1 for a problem; else 0', () => {
  const result = { found: 'x' };
  assert.deepEqual(outcome(result, true, 1), { result, exitCode: EXIT_ERROR });
  assert.deepEqual(outcome(result, false, 3), { result, exitCode: 2 });
  assert.deepEqual(outcome(result, true), { result, exitCode: 1 });
  assert.deepEqual(outcome(result, false, 0), { result, exitCode: 0 });
  assert.equal(outcome(result, false).result, result);
});
