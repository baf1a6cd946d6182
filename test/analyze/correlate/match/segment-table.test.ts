// The table from batch rows on: the same segment seen at two points is matched into one, judged
// once both saw it, and every match teaches the clocks the second file's offset.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_DECODE_OPTIONS } from '../../../../src/decode/index.js';
import { Clocks } from '../../../../src/analyze/correlate/match/clocks.js';
import type { PointState } from '../../../../src/analyze/correlate/match/points.js';
import { SegmentTable, UNCOVERED } from '../../../../src/analyze/correlate/match/segment-table.js';
import { Suspects } from '../../../../src/analyze/correlate/match/suspects.js';
import type { ReaderState } from '../../../../src/analyze/correlate/transport/pacer.js';
import { SharedChunks } from '../../../../src/analyze/correlate/transport/shared-chunks.js';
import * as W from '../../../../src/analyze/correlate/transport/wire.js';

const T0 = 1_800_000_000;
const OFFSET = 0.75;
const TRANSIT = 200e-6;

interface Judged {
  seq: number;
  states: number[];
  raws: number[];
}

/** Two points, one file each; one worker whose chunk 0 the rows point into (no payload bytes captured: nothing to compare). */
function twoPoints(): { table: SegmentTable; clocks: Clocks; judged: Judged[]; row: (point: number, seq: number, time: number) => W.BatchRow } {
  const points: PointState[] = [0, 1].map((i) => ({ name: `p${i}`, input: i, reader: i, packets: 0, segments: 0 }));
  const readers: ReaderState[] = points.map(() => ({ time: -Infinity, done: false }));
  const clocks = new Clocks(2);
  const chunks = new SharedChunks(1);
  chunks.add(0, 0, new SharedArrayBuffer(64), 0, 64);
  const judged: Judged[] = [];
  const table = new SegmentTable({
    points,
    readers,
    clocks,
    chunks,
    judge: (segment, states) => judged.push({ seq: segment.seq, states: [...states], raws: [segment.raw(0), segment.raw(1)] }),
    windowSeconds: 0.2,
    maxInFlight: 1000,
    decode: DEFAULT_DECODE_OPTIONS,
    suspects: new Suspects(100),
  });
  const row = (point: number, seq: number, time: number): W.BatchRow => {
    const rows = new Int32Array(W.ROW);
    rows[W.POINT] = point;
    rows[W.SEQ] = seq;
    rows[W.ACK] = 1;
    rows[W.IP_ID] = seq & 0xffff;
    rows[W.PAYLOAD_LENGTH] = 100;
    rows[W.FLAGS] = 0x18;
    rows[W.CHUNK] = 0;
    return { worker: 0, rows, base: 0, times: Float64Array.of(time), index: 0 };
  };
  return { table, clocks, judged, row };
}

describe('SegmentTable', () => {
  it('matches each segment across the two points, judges it once both saw it, and learns the offset', () => {
    const { table, clocks, judged, row } = twoPoints();
    const flow = table.flow('tcp a > b', 'tcp b > a');
    const n = 64;
    for (let k = 0; k < n; k++) {
      const seq = 1000 + k * 100;
      const t = T0 + k * 1e-3;
      table.observe(row(0, seq, t), flow);
      table.observe(row(1, seq, t + TRANSIT + OFFSET), flow);
    }
    assert.equal(table.count, n, 'one segment per sequence number, not one per sighting');
    assert.equal(judged.length, n);
    assert.deepEqual(judged.map((j) => j.seq), Array.from({ length: n }, (_, k) => 1000 + k * 100));
    for (const j of judged) assert.deepEqual(j.states, [0, 0]);
    assert.equal(clocks.samples(1), n);
    assert.ok(Math.abs(clocks.offset(1) - (OFFSET + TRANSIT)) < 1e-6, `offset ${clocks.offset(1)}`);
  });

  it('a segment seen at one point only waits, and is judged at the end, uncovered where that capture never ran', () => {
    const { table, clocks, judged, row } = twoPoints();
    const flow = table.flow('tcp a > b', 'tcp b > a');
    table.observe(row(0, 5000, T0), flow);
    assert.equal(judged.length, 0);
    table.sweep(true);
    assert.equal(judged.length, 1);
    assert.equal(judged[0]!.states[0], 0);
    assert.equal(judged[0]!.states[1], UNCOVERED);
    assert.equal(clocks.samples(1), 0, 'nothing matched, nothing learnt');
  });
});
