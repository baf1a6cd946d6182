// Report formatting of times a capture's clock may put anywhere: past the Date range they are
// said to be out of range, with the raw value, instead of throwing "Invalid time value".

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fmtClock, fmtUtc } from '../../src/report/format.js';

/** The last second a Date holds: 100,000,000 days after 1970 (ECMA-262 time values). */
const LAST_DATE_SECOND = 100_000_000 * 86_400;

describe('time formatting', () => {
  it('formats times within the Date range, up to its last second', () => {
    assert.equal(fmtUtc(1_714_564_800.25), '2024-05-01 12:00:00.250 UTC');
    assert.equal(fmtClock(1_714_564_805), '12:00:05');
    assert.equal(fmtUtc(LAST_DATE_SECOND), '+275760-09-13 00:00:00.000 UTC');
    assert.equal(fmtUtc(-LAST_DATE_SECOND), '-271821-04-20 00:00:00.000 UTC');
  });

  it('says "out of range" with the raw seconds past either end', () => {
    // A pcapng timestamp of 2^64 - 1 units at if_tsresol 10^0: 2^64 s.
    assert.equal(fmtUtc(2 ** 64), `out of range (${2 ** 64} s since 1970)`);
    assert.equal(fmtUtc(LAST_DATE_SECOND + 1), `out of range (${LAST_DATE_SECOND + 1} s since 1970)`);
    assert.equal(fmtUtc(-LAST_DATE_SECOND - 1), `out of range (${-LAST_DATE_SECOND - 1} s since 1970)`);
    assert.equal(fmtClock(2 ** 64), 'out of range');
    assert.equal(fmtClock(Number.NaN), 'out of range');
    assert.equal(fmtUtc(Number.NaN), 'unknown time');
  });
});
