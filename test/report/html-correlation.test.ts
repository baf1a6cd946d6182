// The path section of `correlate --html`: hops, patterns and altered bytes rendered, every string
// from the captures escaped, changed bytes marked on both lines.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CORRELATION_SCHEMA, type Correlation } from '../../src/analyze/correlate/index.js';
import { renderCorrelation } from '../../src/report/html-correlation.js';

const EVIL = '<img src=x onerror=alert(1)>';

function correlation(): Correlation {
  const hop = { direction: 'forward' as const, matched: 10, altered: 1, checksumBlind: 1, lost: 0, unconfirmed: 0, added: 0, alteredAcrossDrops: 0 };
  return {
    schema: CORRELATION_SCHEMA,
    generatedAt: '2026-01-01T00:00:00Z',
    inputs: [],
    points: [
      { name: 'ctrA', host: 'hostA', input: 0, packets: 10, segments: 10, captureDrops: 0, clockOffset: 0, clockSamples: 0 },
      { name: EVIL, host: EVIL, input: 1, packets: 10, segments: 10, captureDrops: 2, reportedDrops: 3, clockOffset: 0, clockSamples: 0 },
    ],
    hops: [{ from: 'ctrA', to: EVIL, ...hop }],
    firstBadHop: { from: 'ctrA', to: EVIL },
    findings: [],
    segments: 10,
    altered: [
      {
        flow: 'tcp 10.10.0.1:1 > 10.10.0.2:2',
        seq: 7,
        ipId: 9,
        payloadLength: 8,
        from: 'ctrA',
        to: EVIL,
        alteration: { kind: 'compensating-words', offset: 4, length: 4, changedBytes: 2, checksumNeutral: true },
        verdict: 'valid',
        checksumBlind: true,
        before: { point: 'ctrA', input: 0, frame: 3, time: 0 },
        after: { point: EVIL, input: 1, frame: 4, time: 0 },
        hexOffset: 0,
        hexBefore: '0707070707070707',
        hexAfter: '0707070707080706',
      },
    ],
    alteredOmitted: 0,
    patterns: [{ from: 'ctrA', to: EVIL, kind: 'compensating-words', offset: 4, length: 4, count: 1, checksumBlind: 1 }],
    hostClocks: {
      reference: 'hostA',
      hosts: [
        { host: 'hostA', points: ['ctrA'], offset: 0, pairs: 0, segments: 0 },
        { host: EVIL, points: [EVIL], offset: 0.25, uncertainty: 0.0001, method: 'two-way', pairs: 1, spread: 0, segments: 10 },
      ],
      disagreements: [{ host: EVIL, a: EVIL, b: EVIL, difference: 0.003, uncertainty: 0.0001 }],
    },
  };
}

test('the path section names the first bad hop and escapes capture-supplied names', () => {
  const out = renderCorrelation(correlation()).value;
  assert.match(out, /first go wrong between <strong>ctrA<\/strong> and <strong>&lt;img src=x onerror=alert\(1\)&gt;<\/strong>/);
  assert.doesNotMatch(out, /<img/);
  assert.match(out, /compensating-words/);
  assert.match(out, /the receiver cannot notice/);
});

test('changed bytes are marked in the before and the after line, unchanged ones are not', () => {
  const out = renderCorrelation(correlation()).value;
  const marks = [...out.matchAll(/<mark>([0-9a-f]{2})<\/mark>/g)].map((m) => m[1]);
  assert.deepEqual(marks, ['07', '07', '08', '06']);
});

test('a clean correlation says nothing was altered or lost', () => {
  const c = { ...correlation(), firstBadHop: null, altered: [], patterns: [] };
  const out = renderCorrelation(c).value;
  assert.match(out, /no hop altered or lost data/);
  assert.doesNotMatch(out, /Damage patterns/);
});

test('host clocks: every host\'s offset against the reference, and a disagreement on one host said', () => {
  const out = renderCorrelation(correlation()).value;
  assert.match(out, /<h3>Host clocks<\/h3>/);
  assert.match(out, /<td>&lt;img src=x onerror=alert\(1\)&gt;<\/td><td class="num">250\.000<\/td><td class="num">0\.100<\/td><td>two-way<\/td>/);
  assert.match(out, /differ by 3\.000 ms, more than ± 0\.100 ms: not one clock/);
  const oneHost = renderCorrelation({ ...correlation(), hostClocks: { reference: 'hostA', hosts: [{ host: 'hostA', points: ['ctrA'], offset: 0, pairs: 0, segments: 0 }], disagreements: [] } }).value;
  assert.doesNotMatch(oneHost, /Host clocks/);
});
