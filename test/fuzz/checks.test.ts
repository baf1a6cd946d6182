// The fuzzer's checks on made-up outcomes: what passes, which rule each failure breaks, and
// signatures that stay the same whatever the scratch path or byte offset.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkOutcome, RSS_LIMIT_KB } from '../../fuzz/checks.js';
import type { Outcome } from '../../fuzz/pool.js';

const A = '/tmp/x/1/a.pcap';
const B = '/tmp/x/1/b.pcapng';
const run = (o: Partial<Outcome>): Outcome => ({ status: 0, stdout: '{}', stderr: '', rssKb: 100_000, ms: 5, ...o });
const kind = (o: Partial<Outcome>, inputs = [A], command: 'analyze' | 'correlate' | 'report' = 'analyze'): string | undefined => checkOutcome(run(o), command, inputs)?.kind;

describe('checkOutcome', () => {
  it('passes clean runs, one located error line per bad input, and warnings', () => {
    assert.equal(kind({}), undefined);
    assert.equal(kind({ status: 1 }), undefined);
    assert.equal(kind({ status: 2, stderr: `ovsforensics: ${A}: byte offset 24: record is cut short\n` }), undefined);
    assert.equal(kind({ status: 0, stderr: `ovsforensics: warning: ${A}: byte offset 40: record past the snap length; read on\n` }), undefined);
    const two = `ovsforensics: ${A}: byte offset 24: block length 0 is below 12\novsforensics: ${B}: byte offset 7: gzip stream is damaged (x)\n`;
    assert.equal(kind({ status: 2, stderr: two }, [A, B], 'correlate'), undefined);
    assert.equal(kind({ status: 2, stderr: `ovsforensics: ${A}: not JSON: Unexpected end\n` }, [A], 'report'), undefined);
  });

  it('accepts a missing offset only for errors about the whole file', () => {
    assert.equal(kind({ status: 2, stderr: `ovsforensics: ${A}: no such file\n` }), undefined);
    assert.equal(kind({ status: 2, stderr: `ovsforensics: ${A}: record is cut short\n` }), 'no-byte-offset');
  });

  it('names the rule each bad run breaks', () => {
    assert.equal(kind({ status: 2, stderr: 'ovsforensics: internal error: Invalid time value\n' }), 'internal-error');
    assert.equal(kind({ status: 1, stderr: 'TypeError: x\n    at f (file:///a.js:1:1)\n' }), 'stack-trace');
    assert.equal(kind({ status: 2, stderr: `ovsforensics: ${A}: not JSON: Unexpected token\n    "dst": NaN\n` }, [A], 'report'), 'stderr-lines');
    assert.equal(kind({ status: 2, stderr: 'ovsforensics: something broke\n' }), 'error-names-no-input');
    assert.equal(kind({ status: 2, stderr: '' }), 'exit-2-silent');
    assert.equal(kind({ status: 0, stderr: `ovsforensics: ${A}: byte offset 3: bad\n` }), 'stderr-without-exit-2');
    assert.equal(kind({ status: 2, stderr: `ovsforensics: ${A}: byte offset 1: x\novsforensics: ${A}: byte offset 2: y\n` }, [A, B], 'correlate'), 'input-named-twice');
    assert.equal(kind({ status: 3 }), 'exit-status');
    assert.equal(kind({ status: null, hang: true }), 'hang');
    assert.equal(kind({ rssKb: RSS_LIMIT_KB + 1 }), 'rss');
    assert.equal(kind({ status: null, crash: { kind: 'unhandled-rejection', message: 'boom', stack: '' } }), 'unhandled-rejection');
  });

  it('gives one signature whatever the path and offset', () => {
    const crash = (path: string, offset: number): string | undefined =>
      checkOutcome(run({ status: null, crash: { kind: 'unhandled-rejection', message: `${path}: byte offset ${offset}: gzip stream is damaged (Premature close)`, stack: '' } }), 'analyze', [path])?.signature;
    assert.equal(crash('/tmp/q/7/capture.pcap.gz', 1195), 'analyze:unhandled-rejection:gzip stream is damaged (premature close)');
    assert.equal(crash('test/fixtures/fuzz/x.pcap.gz', 13), crash('/tmp/q/7/capture.pcap.gz', 1195));
  });
});
