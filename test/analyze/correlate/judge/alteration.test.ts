// describeAlteration on hand-made before/after payloads: each damage pattern named, and the
// checksum neutrality computed from the one's complement sums.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeAlteration } from '../../../../src/analyze/correlate/index.js';

function random(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

const before = random(256, 7);
const altered = (edit: (b: Buffer) => void): Buffer => {
  const b = Buffer.from(before);
  edit(b);
  return b;
};

describe('describeAlteration', () => {
  it('equal payloads: nothing', () => {
    assert.equal(describeAlteration(before, Buffer.from(before)), undefined);
  });

  it('one bit', () => {
    const a = describeAlteration(before, altered((b) => void (b[40]! ^= 0x04)))!;
    assert.deepEqual([a.kind, a.offset, a.length, a.changedBytes, a.checksumNeutral], ['bit-flip', 40, 1, 1, false]);
  });

  it('one byte', () => {
    const a = describeAlteration(before, altered((b) => void (b[41] = b[41]! ^ 0x81)))!;
    assert.deepEqual([a.kind, a.offset], ['byte', 41]);
  });

  it('two 16-bit words exchanged: invisible to the checksum', () => {
    const a = describeAlteration(before, altered((b) => {
      const w = b.readUInt16BE(10);
      b.writeUInt16BE(b.readUInt16BE(50), 10);
      b.writeUInt16BE(w, 50);
    }))!;
    assert.deepEqual([a.kind, a.offset, a.length, a.checksumNeutral], ['word-swap', 10, 42, true]);
  });

  it('compensating words 0x0707,0x0707 → 0x0708,0x0706', () => {
    const sevens = Buffer.alloc(64, 7);
    const after = Buffer.from(sevens);
    after.writeUInt16BE(0x0708, 20);
    after.writeUInt16BE(0x0706, 22);
    const a = describeAlteration(sevens, after)!;
    assert.deepEqual([a.kind, a.offset, a.length, a.value, a.checksumNeutral], ['compensating-words', 20, 4, '0708..0706', true]);
  });

  it('a block overwritten with a constant, and zeroed', () => {
    const dead = describeAlteration(before, altered((b) => { for (let i = 100; i < 108; i += 2) b.writeUInt16BE(0xdead, i); }))!;
    assert.deepEqual([dead.kind, dead.value, dead.checksumNeutral], ['block-overwrite', 'dead', false]);
    const zero = describeAlteration(before, altered((b) => b.fill(0, 64, 96)))!;
    assert.deepEqual([zero.kind, zero.value], ['zeroed', '00']);
  });

  it('the tail replaced by another packet\'s bytes: a splice', () => {
    const a = describeAlteration(before, altered((b) => random(56, 99).copy(b, 200)))!;
    assert.equal(a.kind, 'splice');
    assert.ok(a.offset <= 202 && a.offset >= 200);
  });

  it('scattered changes: bytes', () => {
    const a = describeAlteration(before, altered((b) => {
      b[10] = b[10]! ^ 0x33;
      b[30] = b[30]! ^ 0x33;
      b[90] = b[90]! ^ 0x33;
    }))!;
    assert.deepEqual([a.kind, a.offset, a.length, a.changedBytes], ['bytes', 10, 81, 3]);
  });
});
