import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flooderSent, iperf3Sent } from '../../bench/generators.js';

test('iperf3Sent reads the sender total, from sum_sent or (older iperf3) sum', () => {
  assert.equal(iperf3Sent(JSON.stringify({ end: { sum_sent: { packets: 299720 }, sum: { packets: 1 } } })), 299720);
  assert.equal(iperf3Sent(JSON.stringify({ end: { sum: { packets: 176847 } } })), 176847);
});

test('iperf3Sent throws with iperf3 own error, or when there is no count', () => {
  assert.throws(() => iperf3Sent(JSON.stringify({ error: 'unable to connect to server' })), /iperf3: unable to connect to server/);
  assert.throws(() => iperf3Sent(JSON.stringify({ end: {} })), /no count/);
});

test('flooderSent reads the last line and refuses anything without a count', () => {
  assert.equal(flooderSent('warming up\n{"sent":142848,"failed":3}\n'), 142848);
  assert.throws(() => flooderSent(''), /no count/);
  assert.throws(() => flooderSent('{"failed":1}'), /no count/);
});
