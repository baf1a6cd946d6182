// Terminal-safe text: control characters as visible escapes, bidi controls as visible marks,
// everything else (accents, arrows, backslashes) as it was.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { markBidi, printable } from '../../src/report/printable.js';

describe('printable', () => {
  it('escapes C0 controls, DEL and C1 controls visibly', () => {
    assert.equal(printable('eth0\u001b[2J\u001b]0;pwned\u0007'), 'eth0\\e[2J\\e]0;pwned\\x07');
    assert.equal(printable('a\rb\nc\td\u0000e'), 'a\\rb\\nc\\td\\0e');
    assert.equal(printable('x\u007f\u009b31m'), 'x\\x7f\\x9b31m');
  });

  it('marks every bidi control (U+061C, U+200E/F, U+202A–202E, U+2066–2069) by its code point', () => {
    assert.equal(printable('abc\u202Etxt.exe'), 'abc<U+202E>txt.exe');
    const all = '\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069';
    assert.equal(markBidi(all), '<U+061C><U+200E><U+200F><U+202A><U+202B><U+202C><U+202D><U+202E><U+2066><U+2067><U+2068><U+2069>');
  });

  it('leaves printable text, Unicode letters and backslashes alone, and is idempotent', () => {
    for (const s of ['captures/clean-transfer.pcapng', 'ctrA → hostA', 'café/ünïcode/日本', 'C:\\caps\\x.pcap', '']) assert.equal(printable(s), s);
    const once = printable('\u001b[31m\u202Ered');
    assert.equal(printable(once), once);
  });
});
