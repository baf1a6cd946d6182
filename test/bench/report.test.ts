import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bound, notMeasured } from '../../bench/figures.js';
import { fixed, machineSection, table, targetsSection } from '../../bench/report.js';

test('table: header, separator, one row per line; a | inside a cell is escaped', () => {
  assert.equal(table(['a', 'b'], [[1, 'x|y']]), '| a | b |\n| --- | --- |\n| 1 | x\\|y |');
});

test('machineSection puts the date in the title and every machine fact in the table', () => {
  const text = machineSection({
    date: '2026-12-01T03:00:00Z',
    cpu: 'Some CPU',
    cores: 2,
    ramGB: 23.5,
    kernel: '6.1.0',
    node: 'v20.1.0',
    tcpdump: 'tcpdump version 4.99',
    tshark: 'TShark 4.0',
    loadAverage: [1, 2.5, 3],
  });
  assert.match(text, /^# ovsforensics bench — 2026-12-01T03:00:00Z/);
  for (const fact of ['Some CPU', '| cores | 2 |', '23.5 GB', '6.1.0', 'v20.1.0', 'tcpdump version 4.99', 'TShark 4.0', '1.00, 2.50, 3.00']) {
    assert.ok(text.includes(fact), fact);
  }
});

test('targetsSection gives each verdict and counts the measured ones', () => {
  const text = targetsSection([bound('fast', 1, 'at most', 3, 'x'), bound('slow', 4, 'at most', 3, 'x'), notMeasured('skipped', 'not run')]);
  assert.match(text, /\| fast \| 1\.00x \(at most 3x\) \| met \|/);
  assert.match(text, /\| slow \| 4\.00x \(at most 3x\) \| NOT met \|/);
  assert.match(text, /\| skipped \| not run \| not measured \|/);
  assert.match(text, /1 of 2 measured targets met, 1 NOT met\./);
});

test('fixed: a dash for a missing figure', () => {
  assert.equal(fixed(1.234), '1.23');
  assert.equal(fixed(undefined), '-');
  assert.equal(fixed(NaN), '-');
});
