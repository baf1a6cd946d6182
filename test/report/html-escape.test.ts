// Escaping of untrusted text into markup and into the page's JSON block.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { assertInlineSafe, cspHash, escapeHtml, html, jsonForScript } from '../../src/report/html-escape.js';

const HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' onmouseover='x'", '</script><!--', '&amp;\u2028\u2029'];

test('escapeHtml leaves no markup characters', () => {
  assert.equal(escapeHtml('<a href="x">\'&\''), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;');
  for (const s of HOSTILE) assert.doesNotMatch(escapeHtml(s), /[<>"']/);
  assert.equal(escapeHtml(42), '42');
});

test('html escapes every interpolation, including array items, but not nested html', () => {
  const inner = html`<b>${'<i>'}</b>`;
  const out = html`<p title="${'"x"'}">${inner}${['<u>', inner]}${undefined}${false}${0}</p>`;
  assert.equal(out.value, '<p title="&quot;x&quot;"><b>&lt;i&gt;</b>&lt;u&gt;<b>&lt;i&gt;</b>0</p>');
});

test('jsonForScript round-trips and never contains < > & or line separators', () => {
  const value = { list: HOSTILE, nested: { '</script>': 'x<!--y' }, n: 1.5 };
  const text = jsonForScript(value);
  assert.doesNotMatch(text, /[<>&\u2028\u2029]/);
  assert.deepEqual(JSON.parse(text), value);
});

test('bidi controls are shown as marks in markup and in the JSON block', () => {
  assert.equal(escapeHtml('eth\u202Egnp.exe'), 'eth&lt;U+202E&gt;gnp.exe');
  assert.equal(html`<td>${'a\u2066b\u2069'}</td>`.value, '<td>a&lt;U+2066&gt;b&lt;U+2069&gt;</td>');
  const text = jsonForScript({ name: 'eth\u202Egnp.exe', ['\u200f']: 1 });
  assert.doesNotMatch(text, /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
  assert.deepEqual(JSON.parse(text), { name: 'eth<U+202E>gnp.exe', '<U+200F>': 1 });
});

test('assertInlineSafe refuses code that would close its element', () => {
  assert.equal(assertInlineSafe('a < b && c > d', 'x'), 'a < b && c > d');
  assert.throws(() => assertInlineSafe('s = "</script>"', 'Chart.js'), /Chart\.js contains "<\/script"/);
  assert.throws(() => assertInlineSafe('x <!-- y', 'css'), /<!--/);
  assert.throws(() => assertInlineSafe('</STYLE>', 'css'), /<\/STYLE/);
});

test('cspHash is the base64 sha256 CSP source of the exact text', () => {
  const code = 'console.log("é")';
  assert.equal(cspHash(code), `'sha256-${createHash('sha256').update(Buffer.from(code, 'utf8')).digest('base64')}'`);
});
