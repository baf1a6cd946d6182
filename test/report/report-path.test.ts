// Where reports go by default.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultStem, resolveReportPath } from '../../src/report/report-path.js';

test('no name or a bare name goes to reports/; a name with a folder is kept', () => {
  assert.equal(resolveReportPath(undefined, 'incident'), 'reports/incident.html');
  assert.equal(resolveReportPath('', 'incident'), 'reports/incident.html');
  assert.equal(resolveReportPath('x.html'), 'reports/x.html');
  assert.equal(resolveReportPath('./x.html'), './x.html');
  assert.equal(resolveReportPath('/tmp/r/x.html'), '/tmp/r/x.html');
  assert.equal(resolveReportPath('out/x.html'), 'out/x.html');
});

test('the default stem is a sortable UTC time', () => {
  assert.equal(defaultStem(new Date('2024-05-01T12:34:56.789Z')), 'report-20240501T123456Z');
});
