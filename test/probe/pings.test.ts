// The ping sizes and the size threshold: ladders that fit the sender's MTU exactly, thresholds only
// for a clean step, and halving that finds a path's hidden MTU to the byte (a model of the path
// decides what crosses: a frame crosses when it fits the underlay after the tunnel's headers).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addressFamily, bisect, expectedToCross, pingLadder, pingOverhead, probeSizes, sizeThreshold, type PingOutcome } from '../../src/probe/pings.js';

const outcome = (payload: number, dontFragment: boolean, received: number): PingOutcome => ({ payload, dontFragment, sent: 2, received });

test('the IP version of an address', () => {
  assert.equal(addressFamily('10.10.0.2'), 'inet');
  assert.equal(addressFamily('fd00:172:16:2::115'), 'inet6');
  assert.equal(pingOverhead(addressFamily('::1')) - pingOverhead(addressFamily('127.0.0.1')), 20);
});

describe('ping ladder', () => {
  for (const [mtu, family, ipHeader] of [
    [1450, 'inet', 20],
    [1430, 'inet6', 40],
    [9000, 'inet', 20],
  ] as const) {
    test(`MTU ${mtu} over ${family}: DF sizes grow to exactly what fits, one byte more, then fragmented sizes`, () => {
      const ladder = pingLadder(mtu, family);
      const df = ladder.filter((r) => r.dontFragment).map((r) => r.payload);
      const fragmented = ladder.filter((r) => !r.dontFragment).map((r) => r.payload);
      assert.deepEqual(df, [...df].sort((a, b) => a - b));
      assert.equal(new Set(df).size, df.length);
      // The echo header is 8 bytes behind the IP header.
      assert.equal(df.at(-2)! + ipHeader + 8, mtu);
      assert.equal(df.at(-1)! + ipHeader + 8, mtu + 1);
      assert.equal(df[0], 56);
      assert.ok(fragmented.length >= 2);
      for (const f of fragmented) assert.ok(f + ipHeader + 8 > mtu);
      assert.deepEqual(
        ladder.map((r) => expectedToCross(r, mtu, family)),
        ladder.map((r) => !(r.dontFragment && r.payload === df.at(-1))),
      );
    });
  }

  test('loopback (64 KiB MTU): nothing past the largest echo payload', () => {
    const ladder = pingLadder(65536, 'inet');
    assert.ok(ladder.every((r) => r.payload <= 65_507));
    assert.equal(Math.max(...ladder.map((r) => r.payload)), 65_507);
  });
});

describe('size threshold', () => {
  const mtu = 1450;
  const all = pingLadder(mtu, 'inet');
  const fits = mtu - pingOverhead('inet');

  test('a healthy path: every size it was asked to carry crossed, no threshold (the local refusal above the MTU does not count)', () => {
    const pings = all.map((r) => outcome(r.payload, r.dontFragment, r.dontFragment && r.payload > fits ? 0 : 2));
    assert.equal(sizeThreshold(pings, mtu, 'inet'), undefined);
  });

  test('a clean step: largest that crossed and smallest that did not', () => {
    const pings = all.map((r) => outcome(r.payload, r.dontFragment, r.payload <= 1000 ? 2 : 0));
    assert.deepEqual(sizeThreshold(pings, mtu, 'inet'), { largestOk: 1000, smallestLost: 1200 });
  });

  test('order of arrival does not matter, one reply of two is crossing', () => {
    const pings = all.map((r) => outcome(r.payload, r.dontFragment, r.payload <= 1300 ? 1 : 0)).reverse();
    assert.deepEqual(sizeThreshold(pings, mtu, 'inet'), { largestOk: 1300, smallestLost: 1400 });
  });

  test('only the fragmented sizes lost: the step is at the first of them', () => {
    const pings = all.map((r) => outcome(r.payload, r.dontFragment, r.dontFragment ? 2 : 0));
    assert.deepEqual(sizeThreshold(pings, mtu, 'inet'), { largestOk: fits, smallestLost: 2 * mtu });
  });

  test('nothing crossed, or losses that do not follow size: no threshold', () => {
    assert.equal(sizeThreshold(all.map((r) => outcome(r.payload, r.dontFragment, 0)), mtu, 'inet'), undefined);
    const scattered = all.map((r, i) => outcome(r.payload, r.dontFragment, i % 2));
    assert.equal(sizeThreshold(scattered, mtu, 'inet'), undefined);
    assert.equal(sizeThreshold([], mtu, 'inet'), undefined);
  });

  test('halving stays between the two sizes, stops one byte apart and above the MTU', () => {
    assert.equal(bisect({ largestOk: 1000, smallestLost: 1200 }, mtu, 'inet'), 1100);
    assert.equal(bisect({ largestOk: 1122, smallestLost: 1123 }, mtu, 'inet'), undefined);
    assert.equal(bisect({ largestOk: fits, smallestLost: 2 * mtu }, mtu, 'inet'), undefined);
  });
});

describe('probeSizes against a model path', () => {
  // The lab's overlay: VXLAN adds an outer IPv4 (20), UDP (8), VXLAN (8) and inner Ethernet (14) header.
  const TUNNEL = 20 + 8 + 8 + 14;
  const path =
    (underlayMtu: number) =>
    async (payload: number, dontFragment: boolean): Promise<PingOutcome> => {
      // A fragmented ping crosses when its largest fragment (the sender's MTU) does.
      const inner = Math.min(payload + pingOverhead('inet'), dontFragment ? Infinity : 1450);
      return outcome(payload, dontFragment, inner + TUNNEL <= underlayMtu ? 2 : 0);
    };

  for (const underlay of [1200, 1051, 1400]) {
    test(`underlay MTU ${underlay}: the threshold lands on the byte the model allows`, async () => {
      const seen: PingOutcome[] = [];
      const done = await probeSizes(1450, 'inet', path(underlay), (p) => seen.push(p), 12, () => false);
      assert.deepEqual(seen, done);
      const largest = underlay - TUNNEL - pingOverhead('inet');
      assert.deepEqual(sizeThreshold(done, 1450, 'inet'), { largestOk: largest, smallestLost: largest + 1 });
    });
  }

  test('a healthy path sends only the ladder', async () => {
    const done = await probeSizes(1450, 'inet', path(1500), () => undefined, 12, () => false);
    assert.equal(done.length, pingLadder(1450, 'inet').length);
    assert.equal(sizeThreshold(done, 1450, 'inet'), undefined);
  });

  test('halving is bounded and stops when told', async () => {
    const few = await probeSizes(1450, 'inet', path(1200), () => undefined, 2, () => false);
    assert.equal(few.length, pingLadder(1450, 'inet').length + 2);
    const none = await probeSizes(1450, 'inet', path(1200), () => undefined, 12, () => true);
    assert.equal(none.length, pingLadder(1450, 'inet').length);
  });
});
