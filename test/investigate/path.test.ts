// The path from doctor's facts (recorded on the lab over ssh): the OVS overlay, the kernel VXLAN
// overlay, and two containers on one host; where each capture point is, as capture names it.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { placeOf, resolvePath } from '../../src/investigate/path.js';
import { recordedInvestigation } from './fixtures.js';

const ends = (name: 'incident-fix' | 'healthy-vxlan') => {
  const [a, b] = recordedInvestigation(name).hosts;
  return [
    { side: 'from' as const, host: 'hostA', facts: a!.doctor },
    { side: 'to' as const, host: 'hostB', facts: b!.doctor },
  ] as const;
};

test('OVS overlay: container → veth → OVS → tunnel port → underlay, and back; captured at both containers and underlays', () => {
  const [a, b] = ends('incident-fix');
  const path = resolvePath(a, b);
  assert.equal(path.oneHost, false);
  const peerA = a.facts.interfaces.find((i) => i.role === 'peer')!.name;
  assert.deepEqual(
    path.elements.map((e) => `${e.id} ${e.name}`),
    [
      'from/container eth1',
      `from/veth ${peerA}`,
      'from/ovs Open vSwitch',
      `from/tunnel ${a.facts.ovs!.tunnels[0]!.name}`,
      'from/underlay eth0',
      'to/underlay eth0',
      `to/tunnel ${b.facts.ovs!.tunnels[0]!.name}`,
      'to/ovs Open vSwitch',
      `to/veth ${b.facts.interfaces.find((i) => i.role === 'peer')!.name}`,
      'to/container eth1',
    ],
  );
  // The lab's names (docs/lab.md): the veth peers are v-CONTAINER, the tunnel port vxlan0.
  assert.equal(peerA, 'v-test_mac');
  assert.deepEqual(
    path.points.map((p) => [p.name, p.host, p.place.scope, p.place.name, p.place.iface]),
    [
      ['ctrA', 'hostA', 'container', 'test_mac', 'eth1'],
      ['hostA', 'hostA', 'netns', 'ovsf-hostA', 'eth0'],
      ['hostB', 'hostB', 'netns', 'ovsf-hostB', 'eth0'],
      ['ctrB', 'hostB', 'container', 'test_mac_2', 'eth1'],
    ],
  );
  assert.ok(path.elements.filter((e) => e.point === undefined).every((e) => e.state === 'not-captured'));
});

test('kernel VXLAN overlay: the Linux bridge and the vxlan device (captured: it sees the inner frames) on each host', () => {
  const [a, b] = ends('healthy-vxlan');
  const path = resolvePath(a, b);
  const tunnel = a.facts.interfaces.find((i) => i.role === 'tunnel')!;
  assert.equal(tunnel.master, a.facts.interfaces.find((i) => i.role === 'peer')!.master);
  assert.deepEqual(
    path.elements.map((e) => `${e.kind} ${e.name} ${e.point ?? '-'}`),
    ['container eth1 ctrA', 'veth v-test_mac -', 'bridge br0 -', 'tunnel vxlan0 tunA', 'underlay eth0 hostA', 'underlay eth0 hostB', 'tunnel vxlan0 tunB', 'bridge br0 -', 'veth v-test_mac_2 -', 'container eth1 ctrB'],
  );
  assert.match(path.elements.find((e) => e.id === 'from/tunnel')!.detail, new RegExp(`to ${tunnel.tunnel!.remote}:${tunnel.tunnel!.port}`));
});

test('both containers on one host: the bridge is crossed once, no tunnel or underlay', () => {
  const [a] = ends('incident-fix');
  const other = structuredClone(a.facts);
  other.target!.name = 'test_mac_3';
  const path = resolvePath(a, { side: 'to', host: 'hostA', facts: other });
  assert.equal(path.oneHost, true);
  assert.deepEqual(path.elements.map((e) => e.id), ['from/container', 'from/veth', 'from/ovs', 'to/veth', 'to/container']);
  assert.deepEqual(path.points.map((p) => [p.name, p.place.name]), [['ctrA', 'test_mac'], ['ctrB', 'test_mac_3']]);
  // The same containers named on two hosts are two hosts.
  assert.equal(resolvePath(a, { side: 'to', host: 'hostB', facts: other }).oneHost, false);
});

test("doctor's words for a namespace become capture's flags", () => {
  assert.deepEqual(placeOf('netns ovsf-hostA (that of pid 42)', 'eth0'), { scope: 'netns', name: 'ovsf-hostA', iface: 'eth0' });
  assert.deepEqual(placeOf('netns ovsf-hostB', 'vxlan0'), { scope: 'netns', name: 'ovsf-hostB', iface: 'vxlan0' });
  assert.deepEqual(placeOf('the netns of pid 4242', 'eth0'), { scope: 'pid', name: '4242', iface: 'eth0' });
  assert.deepEqual(placeOf('host', 'eth0'), { scope: 'current', name: '', iface: 'eth0' });
});
