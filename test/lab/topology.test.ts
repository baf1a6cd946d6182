// The lab's names fit the kernel's limits and never collide with each other or other tools'.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tunnelArgs } from '../../src/lab/overlay-kernel.js';
import { CONTAINERS, containerMtu, hostPlan, hostPlans, KERNEL_BRIDGE, NETNS_PREFIX, TUNNEL_DEVICE, TUNNEL_PORT, labNetnsNames } from '../../src/lab/topology.js';

test('interface names fit IFNAMSIZ (15 characters)', () => {
  const hosts = hostPlans('ipv4');
  for (const name of [...CONTAINERS.flatMap((c) => [c.ovsPort, c.iface]), ...hosts.map((h) => h.underlay), 'br-phy', 'br-int', 'vxlan0', KERNEL_BRIDGE, ...Object.values(TUNNEL_DEVICE)]) {
    assert.ok(name.length <= 15, name);
  }
});

test('every namespace is prefixed and unique; the incident addresses are kept', () => {
  const names = labNetnsNames();
  assert.equal(new Set(names).size, 5);
  assert.ok(names.every((n) => n.startsWith(NETNS_PREFIX)));
  assert.deepEqual(
    CONTAINERS.map((c) => [c.name, c.host, c.ip]),
    [
      ['test_mac', 'hostA', '10.10.0.1'],
      ['test_mac_3', 'hostA', '10.10.0.3'],
      ['test_mac_2', 'hostB', '10.10.0.2'],
    ],
  );
  assert.deepEqual(hostPlans('ipv4').map((h) => [h.ip, h.remoteIp]), [
    ['172.16.2.114', '172.16.2.115'],
    ['172.16.2.115', '172.16.2.114'],
  ]);
});

test('an IPv6 underlay keeps the namespaces and numbers the hosts alike', () => {
  assert.deepEqual(hostPlans('ipv6').map((h) => h.netns), hostPlans('ipv4').map((h) => h.netns));
  assert.deepEqual(hostPlans('ipv6').map((h) => [h.ip, h.remoteIp, h.prefixlen]), [
    ['fd00:172:16:2::114', 'fd00:172:16:2::115', 64],
    ['fd00:172:16:2::115', 'fd00:172:16:2::114', 64],
  ]);
});

test('the containers\' MTU leaves room for the tunnel in a 1500-byte underlay frame', () => {
  // outer IP + UDP 8 + VXLAN or Geneve 8 + inner Ethernet 14
  assert.equal(containerMtu('ipv4') + 20 + 8 + 8 + 14, 1500);
  assert.equal(containerMtu('ipv6') + 40 + 8 + 8 + 14, 1500);
});

test('kernel tunnel devices: VNI 42, the overlay\'s port, outer checksum on; Geneve takes no local address', () => {
  const a = hostPlan('hostA', 'ipv4');
  assert.deepEqual(tunnelArgs('vxlan', a), ['id', '42', 'remote', '172.16.2.115', 'local', '172.16.2.114', 'dstport', '8472', 'udpcsum']);
  assert.deepEqual(tunnelArgs('geneve', hostPlan('hostB', 'ipv6')), ['id', '42', 'remote', 'fd00:172:16:2::114', 'dstport', '6081', 'udpcsum']);
  assert.deepEqual(TUNNEL_PORT, { ovs: 4789, 'ovs-geneve': 6081, vxlan: 8472, geneve: 6081 });
});
