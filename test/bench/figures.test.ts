import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bound, median, medianBy, notAbove, notMeasured, ratio, verdict } from '../../bench/figures.js';

test('median: odd count takes the middle, even count the mean of the two middle values, input untouched', () => {
  const values = [5, 1, 3];
  assert.equal(median(values), 3);
  assert.deepEqual(values, [5, 1, 3]);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.throws(() => median([]), RangeError);
});

test('medianBy keeps the median item whole (its other fields are its own)', () => {
  const runs = [
    { seconds: 2, rss: 20 },
    { seconds: 1, rss: 10 },
    { seconds: 3, rss: 30 },
  ];
  assert.deepEqual(medianBy(runs, (r) => r.seconds), { seconds: 2, rss: 20 });
});

test('ratio: undefined against zero', () => {
  assert.equal(ratio(3, 2), 1.5);
  assert.equal(ratio(3, 0), undefined);
});

test('bound: each kind judges its limit, and a missing figure is not measured', () => {
  assert.equal(bound('g', 3, 'at most', 3, 'x').met, true);
  assert.equal(bound('g', 3.01, 'at most', 3, 'x').met, false);
  assert.equal(bound('g', 150, 'under', 150, ' MB').met, false);
  assert.equal(bound('g', 149.9, 'under', 150, ' MB').met, true);
  assert.equal(bound('g', 5, 'at least', 5, 'x').met, true);
  assert.equal(bound('g', 4.99, 'at least', 5, 'x').met, false);
  assert.equal(bound('g', undefined, 'at most', 3, 'x').met, undefined);
  assert.equal(bound('g', Infinity, 'at most', 3, 'x').met, undefined);
  assert.match(bound('g', 2.5, 'at most', 3, 'x').measured, /2\.50x \(at most 3x\)/);
});

test('within: both sides of the expected value count', () => {
  assert.equal(notAbove('g', 10.9, 10, 0.1).met, true);
  assert.equal(notAbove('g', 11.1, 10, 0.1).met, false);
  assert.equal(notAbove('g', 8.9, 10, 0.1).met, true);
  assert.match(notAbove('g', 8.9, 10, 0.1).measured, /−11\.0%/);
});

test('verdict names the three outcomes', () => {
  assert.equal(verdict(bound('g', 1, 'at most', 3, 'x')), 'met');
  assert.equal(verdict(bound('g', 4, 'at most', 3, 'x')), 'NOT met');
  assert.equal(verdict(notMeasured('g', 'skipped')), 'not measured');
});
