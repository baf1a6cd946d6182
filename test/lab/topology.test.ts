// The lab's names fit the kernel's limits and never collide with each other or other tools'.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTAINER_MTU, CONTAINERS, HOSTS, NETNS_PREFIX, labNetnsNames } from '../../src/lab/topology.js';

test('interface names fit IFNAMSIZ (15 characters)', () => {
  for (const name of [...CONTAINERS.flatMap((c) => [c.ovsPort, c.iface]), ...HOSTS.map((h) => h.underlay), 'br-phy', 'br-int', 'vxlan0']) {
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
  assert.deepEqual(HOSTS.map((h) => [h.ip, h.remoteIp]), [
    ['172.16.2.114', '172.16.2.115'],
    ['172.16.2.115', '172.16.2.114'],
  ]);
  assert.equal(CONTAINER_MTU + 20 + 8 + 8 + 14, 1500);
});
