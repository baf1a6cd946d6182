// The one error line: control characters in a message are shown as escapes, never sent raw.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messageLine, printable } from '../src/errors.js';

test('control characters become visible escapes; printable text is left alone', () => {
  const cases: [string, string][] = [
    ['a\nb', 'a\\nb'],
    ['\r\t', '\\r\\t'],
    ['\x1b[2J', '\\x1b[2J'],
    ['\x00\x7f\x85', '\\x00\\x7f\\x85'],
    ['\u202eevil\u2066', '\\u202eevil\\u2066'],
    ['line\u2028sep', 'line\\u2028sep'],
    ['plain é 日本 🙂 \\n', 'plain é 日本 🙂 \\n'],
  ];
  for (const [raw, shown] of cases) assert.equal(printable(raw), shown, JSON.stringify(raw));
});

test('a message line is one line whatever the message holds', () => {
  const line = messageLine('--pid \'1\n\x1b[2J\': no such process');
  assert.equal(line, "ovsforensics: --pid '1\\n\\x1b[2J': no such process\n");
  assert.equal(line.split('\n').length, 2);
});
