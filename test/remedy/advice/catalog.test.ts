// The remedy knowledge base as data: each entry complete, its commands written only with known
// facts, its other causes known, and the advice the incident needs saying transmit offload only.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ADVICE, ADVICE_IDS, FACTS, firstRemedy, resolveAdvice } from '../../../src/remedy/advice/index.js';

const TOKENS = new Set<string>(Object.values(FACTS).map((f) => f.token));

test('every id has its entry, under its own id, with every part a reader needs', () => {
  assert.deepEqual(Object.keys(ADVICE).sort(), [...ADVICE_IDS].sort());
  for (const [id, a] of Object.entries(ADVICE)) {
    assert.equal(a.id, id);
    for (const part of [a.title, a.cause, a.evidence, a.summary, a.remedy, a.cost]) assert.ok(part.length > 0, `${id}: empty text`);
    for (const other of a.otherCauses ?? []) assert.ok(other in ADVICE && other !== id, `${id}: other cause ${other}`);
  }
});

test('commands are one line each and name only known facts', () => {
  for (const a of Object.values(ADVICE)) {
    for (const s of [...a.diagnose, ...a.change, ...a.alternatives, ...a.persistence, ...a.undo, ...a.verify]) {
      assert.doesNotMatch(s.command, /\n/, `${a.id}: ${s.command}`);
      for (const [, token] of s.command.matchAll(/<([A-Z_]+)>/g)) assert.ok(TOKENS.has(token!), `${a.id}: <${token}> is no fact`);
    }
  }
});

test('the offload leak is fixed on the transmit side only, and says why not tx off rx off', () => {
  const [a] = resolveAdvice({ id: 'veth-tx-offload', facts: { pid: '1', iface: 'eth1' } });
  assert.deepEqual(a!.features, { tx: false });
  assert.equal(a!.change[0]!.command, 'nsenter --target 1 --net ethtool -K eth1 tx off');
  const commands = Object.values(ADVICE).flatMap((x) => [...x.diagnose, ...x.change, ...x.alternatives, ...x.persistence, ...x.undo, ...x.verify].map((s) => s.command));
  assert.ok(!commands.some((c) => /tx off rx off/.test(c)), 'no advice runs tx off rx off');
  assert.match(a!.cost, /Not tx off rx off.*rx stays on/);
  assert.match(a!.undo.map((s) => s.command).join('\n'), /--revert/);
});

test('a damaged tunnel checksum names both known causes: the kernel VXLAN device and vmxnet3', () => {
  const [device, vmxnet3] = resolveAdvice({ id: 'tunnel-device-checksum', facts: { vxlanDevice: 'flannel.1', nic: 'ens192' } });
  assert.equal(device!.change[0]!.command, 'ethtool -K flannel.1 tx-checksum-ip-generic off');
  assert.match(device!.cause, /before 5\.7.*--random-fully/);
  assert.match(device!.persistence.map((s) => s.command).join('\n'), /KERNEL=="flannel\.1"/);
  assert.equal(vmxnet3?.id, 'vmxnet3-vxlan');
  assert.equal(vmxnet3!.change[0]!.command, 'ethtool -K ens192 tx-udp_tnl-segmentation off tx-udp_tnl-csum-segmentation off');
  assert.match(vmxnet3!.persistence.map((s) => s.command).join('\n'), /nmcli connection modify .* ethtool\.feature-tx-udp_tnl-segmentation off/);
  const words = firstRemedy({ id: 'tunnel-device-checksum', facts: {} });
  assert.match(words, /random-fully/);
  assert.match(words, /Other known cause: .*vmxnet3/);
});

test('underlay corruption has no offload fix of its own: locate, inspect, replace', () => {
  const [a, other] = resolveAdvice({ id: 'underlay-corruption', facts: { hop: 'between hostA and hostB' } });
  assert.ok(a!.change.every((s) => s.command === ''), 'advice only');
  assert.match(a!.change[0]!.purpose, /between hostA and hostB/);
  assert.equal(other?.id, 'nic-tunnel-offload');
});
