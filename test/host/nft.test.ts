// `nft -j list table` into rules with their counters.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseNftRules } from '../../src/host/nft.js';

test('rules keep chain, handle, comment and counter; table and chain entries are skipped', () => {
  const json = JSON.stringify({
    nftables: [
      { metainfo: { version: '1.0.6' } },
      { table: { family: 'netdev', name: 't', handle: 1 } },
      { chain: { family: 'netdev', table: 't', name: 'egress', handle: 1 } },
      { rule: { family: 'netdev', table: 't', chain: 'egress', handle: 3, comment: 'corrupt 2', expr: [{ match: {} }, { counter: { packets: 798, bytes: 1208172 } }, { mangle: {} }] } },
      { rule: { family: 'netdev', table: 't', chain: 'egress', handle: 4, expr: [{ accept: null }] } },
    ],
  });
  assert.deepEqual(parseNftRules(json), [
    { chain: 'egress', handle: 3, comment: 'corrupt 2', packets: 798, bytes: 1208172 },
    { chain: 'egress', handle: 4, comment: undefined, packets: undefined, bytes: undefined },
  ]);
});
