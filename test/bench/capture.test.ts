import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analysisOffFlag } from '../../bench/capture.js';

const help = (extra: string): string =>
  ['Usage: ovsforensics capture [options] [filter...]', '  -w, --write <file>          pcapng output; - for stdout', extra, '  --no-status                 no status line on a terminal'].join('\n');

test('analysisOffFlag finds the option that turns live analysis off', () => {
  assert.equal(analysisOffFlag(help('  --no-analysis               write the file only')), '--no-analysis');
  assert.equal(analysisOffFlag(help('  --no-live-analyse           write the file only')), '--no-live-analyse');
  assert.equal(analysisOffFlag(help('  --no-live                   write the file only')), '--no-live');
});

test('analysisOffFlag: none when the help has no such option (--no-status is not one)', () => {
  assert.equal(analysisOffFlag(help('')), undefined);
});
