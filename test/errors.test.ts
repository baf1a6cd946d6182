// The one error line: a hostile value in a message is shown escaped, never sent raw (the escapes
// themselves are tested in test/text/printable.test.ts).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError, messageLine, UsageError } from '../src/errors.js';

test('an error made from a hostile value carries it escaped', () => {
  assert.equal(new UsageError("--netns 'a\u202e\nb'").message, "--netns 'a<U+202E>\\nb'");
  assert.equal(new InputError('x\x1b[2J.pcap', 24, 'bad').message, 'x\\e[2J.pcap: byte offset 24: bad');
});

test('a message line is one line whatever the message holds', () => {
  const line = messageLine("--pid '1\n\x1b[2J': no such process");
  assert.equal(line, "ovsforensics: --pid '1\\n\\e[2J': no such process\n");
  assert.equal(line.split('\n').length, 2);
});
