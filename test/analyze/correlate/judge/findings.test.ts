// Damage first seen past a point that missed the segment is located as a span, and reported only
// for a kind no single hop already explains.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hopFindings, spanFindings } from '../../../../src/analyze/correlate/judge/findings.js';
import type { Hop, PatternGroup } from '../../../../src/analyze/correlate/types.js';

const hop = (from: string, to: string, altered = 0, checksumBlind = 0): Hop => ({ from, to, direction: 'forward', matched: 100, altered, checksumBlind, lost: 0, unconfirmed: 0, added: 0, alteredAcrossDrops: 0 });
const HOPS = [hop('a', 'b'), hop('b', 'c'), hop('c', 'd')];
const span = (count: number, checksumBlind: number): PatternGroup => ({ from: 'a', to: 'c', kind: 'block-overwrite', offset: 418, length: 2, value: 'dead', count, checksumBlind });

test('a span alteration with no hop-level finding becomes one, detected and blind apart', () => {
  const f = spanFindings(HOPS, [span(5, 2)], []);
  assert.deepEqual(f.map((x) => [x.kind, x.count]), [['corruption', 3], ['checksum-blind', 2]]);
  assert.match(f[0]!.summary, /between a and c \(the points in between missed these segments\)/);
  assert.equal(f[0]!.evidence.from, 'a');
});

test('a kind already found on a hop is not repeated for a span; hop patterns are no spans', () => {
  const onHop: PatternGroup = { ...span(7, 0), from: 'a', to: 'b' };
  const hopLevel = hopFindings(hop('a', 'b', 7), { matched: 100, altered: 7, checksumBlind: 0, lost: 0, unconfirmed: 0, added: 0, alteredAcrossDrops: 0, flows: new Set(), examples: [], blindExamples: [] }, [onHop]);
  assert.deepEqual(hopLevel.map((x) => x.kind), ['corruption']);
  assert.deepEqual(spanFindings(HOPS, [onHop, span(4, 0)], hopLevel), []);
  assert.deepEqual(spanFindings(HOPS, [onHop], []), []);
});
