// The nftables rules of the fault injectors.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fold, sumWords } from '../../src/checksum/internet-checksum.js';
import { injectorRules, injectorRuleset } from '../../src/lab/injectors.js';

test('corrupt: a sampled share of large tunnel frames on the overlay\'s port, counted, bytes inside the inner payload rewritten', () => {
  assert.deepEqual(injectorRules({ corrupt: 2 }, 4789), ['udp dport 4789 meta length > 1000 numgen random mod 10000 < 200 counter @th,4000,16 set 0xdead comment "corrupt 2"']);
  assert.match(injectorRules({ corrupt: 0.25 }, 4789)[0]!, /mod 10000 < 25 /);
  assert.match(injectorRules({ corrupt: 1 }, 8472)[0]!, /^udp dport 8472 /);
});

test('blind: matches the 0x07 pattern at the damage offset; 100% needs no sampling', () => {
  assert.deepEqual(injectorRules({ blind: 100 }, 4789), ['udp dport 4789 meta length > 1000 @th,4000,32 0x07070707 counter @th,4000,32 set 0x07080706 comment "blind 100"']);
  // Blind first: after corrupt's rewrite the pattern would no longer match.
  assert.match(injectorRules({ corrupt: 1, blind: 5 }, 4789)[0]!, /^.*blind 5"$/);
});

test('outer-csum: tunnelled IPv4 TCP only, its outer UDP checksum set to 0xffff, counted', () => {
  assert.deepEqual(injectorRules({ outerCsum: 100 }, 8472), ['udp dport 8472 @th,224,16 0x0800 @th,312,8 6 counter udp checksum set 0xffff comment "outer-csum 100"']);
  assert.match(injectorRules({ outerCsum: 50 }, 6081)[0]!, /^udp dport 6081 .* numgen random mod 10000 < 5000 counter /);
});

test('outer-csum offsets: the inner EtherType and IPv4 protocol behind UDP, an 8-byte tunnel header and two MAC addresses', () => {
  const udp = 8;
  const tunnel = 8;
  assert.equal((udp + tunnel + 6 + 6) * 8, 224);
  assert.equal((udp + tunnel + 14 + 9) * 8, 312);
});

test('the blind rewrite leaves the ones-complement sum, hence the TCP checksum, unchanged', () => {
  const before = Buffer.from([0x07, 0x07, 0x07, 0x07]);
  const after = Buffer.from([0x07, 0x08, 0x07, 0x06]);
  assert.notDeepEqual(before, after);
  assert.equal(fold(sumWords(after, 0, 4)), fold(sumWords(before, 0, 4)));
  // Byte 500 of the UDP header is 450 bytes into the inner TCP header: word-aligned for its checksum.
  assert.equal((4000 / 8 - (8 + 8 + 14 + 20)) % 2, 0);
});

test('the ruleset replaces the whole table on the egress hook of the device', () => {
  const text = injectorRuleset('eth0', { corrupt: 2 }, 4789);
  assert.match(text, /^table netdev ovsforensics_lab\ndelete table netdev ovsforensics_lab\n/);
  assert.match(text, /type filter hook egress device "eth0" priority 0;/);
});
