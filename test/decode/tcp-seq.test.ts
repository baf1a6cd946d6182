// TCP sequence arithmetic across the 2^32 wrap: lengths with SYN and FIN, the end of a segment,
// and "after" by the signed difference, also where plain comparison would say the opposite.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sequenceEnd, sequenceLength, seqAfter, seqAtOrAfter, TCP_ACK, TCP_FIN, TCP_SYN } from '../../src/decode/index.js';

const TOP = 2 ** 32 - 1;

describe('TCP sequence arithmetic', () => {
  it('SYN and FIN take one sequence number each; ACK alone none', () => {
    assert.equal(sequenceLength(0, TCP_SYN), 1);
    assert.equal(sequenceLength(0, TCP_SYN | TCP_ACK), 1);
    assert.equal(sequenceLength(100, TCP_FIN | TCP_ACK), 101);
    assert.equal(sequenceLength(0, TCP_SYN | TCP_FIN), 2);
    assert.equal(sequenceLength(0, TCP_ACK), 0);
    assert.equal(sequenceLength(1448, TCP_ACK), 1448);
  });

  it('the end of a segment wraps past 2^32 - 1 to small numbers', () => {
    assert.equal(sequenceEnd(TOP, 1, TCP_ACK), 0);
    assert.equal(sequenceEnd(TOP - 9, 100, TCP_ACK), 90);
    assert.equal(sequenceEnd(TOP, 0, TCP_SYN), 0);
    assert.equal(sequenceEnd(1000, 0, TCP_ACK), 1000);
  });

  it('after: by the signed 32-bit difference, across the wrap', () => {
    assert.equal(seqAfter(5, TOP - 5), true);
    assert.equal(seqAfter(TOP - 5, 5), false);
    assert.equal(seqAfter(2, 1), true);
    assert.equal(seqAfter(1, 1), false);
    // Half the space ahead is the limit: 2^31 ahead reads as behind.
    assert.equal(seqAfter(2 ** 31 - 1, 0), true);
    assert.equal(seqAfter(2 ** 31, 0), false);
  });

  it('at or after: equal counts, across the wrap too', () => {
    assert.equal(seqAtOrAfter(7, 7), true);
    assert.equal(seqAtOrAfter(0, TOP), true);
    assert.equal(seqAtOrAfter(TOP, 0), false);
  });
});
