// Filling advice templates with facts: a known fact is put in, a missing one stays a visible
// placeholder (never "undefined" or empty), and a target named another way is entered that way.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ADVICE, FACTS, fillText, placeholder, resolveAdvice, unfilledFacts, type FactName } from '../../../src/remedy/advice/index.js';

test('a given fact fills its placeholder; a missing one stays <NAME>', () => {
  const template = 'nsenter --target <PID> --net ethtool -K <IFACE> tx off';
  assert.equal(fillText(template, { pid: '4242', iface: 'eth1' }), 'nsenter --target 4242 --net ethtool -K eth1 tx off');
  assert.equal(fillText(template, { iface: 'eth1' }), 'nsenter --target <PID> --net ethtool -K eth1 tx off');
  assert.equal(fillText(template, {}), template);
  assert.equal(fillText('ethtool -K <VXLAN_DEVICE> tx-checksum-ip-generic off', { vxlanDevice: 'vxlan.calico' }), 'ethtool -K vxlan.calico tx-checksum-ip-generic off');
});

test('a named namespace is entered with ip netns exec, and fix takes --pid or --netns without a container name', () => {
  assert.equal(fillText('nsenter --target <PID> --net ethtool -K <IFACE> tx off', { netns: 'ns1', iface: 'eth1' }), 'ip netns exec ns1 ethtool -K eth1 tx off');
  assert.equal(fillText('ovsforensics fix --container <CONTAINER> --apply', { pid: '7' }), 'ovsforensics fix --pid 7 --apply');
  assert.equal(fillText('ovsforensics fix --container <CONTAINER> --apply', { netns: 'ns1' }), 'ovsforensics fix --netns ns1 --apply');
  assert.equal(fillText('ovsforensics fix --container <CONTAINER> --apply', { container: 'web', pid: '7' }), 'ovsforensics fix --container web --apply');
});

test('text that only looks like a placeholder is left alone', () => {
  assert.equal(fillText("docker inspect -f '{{.State.Pid}}' <NOT_A_FACT> <iface>", { iface: 'eth1' }), "docker inspect -f '{{.State.Pid}}' <NOT_A_FACT> <iface>");
});

test('every advice filled with no facts names each placeholder it leaves, and never says undefined', () => {
  for (const id of Object.keys(ADVICE)) {
    for (const a of resolveAdvice({ id, facts: {} })) {
      const text = JSON.stringify(a);
      assert.doesNotMatch(text, /undefined|null/, id);
      const open = unfilledFacts(a);
      for (const name of Object.keys(FACTS) as FactName[]) {
        const inCommands = [...a.diagnose, ...a.change, ...a.alternatives, ...a.persistence, ...a.undo, ...a.verify].some((s) => s.command.includes(placeholder(name)));
        assert.equal(open.includes(name), inCommands, `${id}: ${name}`);
      }
    }
  }
});

test('facts of a finding read from a file: unknown names, empty and non-text values are ignored', () => {
  const [a] = resolveAdvice({ id: 'veth-tx-offload', facts: { sender: '10.0.0.1', iface: '', pid: 42 as unknown as string, bogus: 'x' } });
  assert.match(a!.diagnose[0]!.command, /grep -q '10\.0\.0\.1\/'/);
  assert.deepEqual(unfilledFacts(a!), ['pid', 'container', 'iface', 'nic']);
  assert.deepEqual(resolveAdvice({ id: 'some-future-cause', facts: {} }), []);
});
