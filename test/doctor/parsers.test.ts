// Recorded ethtool, ip and ovs-vsctl output into the typed facts doctor works from.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEthtoolDriver, parseEthtoolFeatures } from '../../src/host/ethtool.js';
import { parseIpLinks } from '../../src/host/ip.js';
import { parseOvsList, ovsText } from '../../src/host/ovs.js';
import { recorded } from './recorded.js';

test('ethtool -k keeps what a held-back feature asked for', () => {
  const f = parseEthtoolFeatures(recorded('ethtool-k-veth-tx-off.txt'));
  assert.deepEqual(f['tx-tcp-segmentation'], { on: false, fixed: false, sub: true, requested: true });
  assert.deepEqual(f['tx-checksumming'], { on: false, fixed: false, sub: false });
  assert.equal(parseEthtoolFeatures(recorded('ethtool-k-veth.txt'))['tx-tcp-segmentation']?.requested, undefined);
});

test('ethtool -i: driver, version, firmware, bus', () => {
  assert.deepEqual(parseEthtoolDriver(recorded('ethtool-i-veth.txt')), { driver: 'veth', version: '1.0', firmware: '', busInfo: '' });
  assert.deepEqual(parseEthtoolDriver(recorded('ethtool-i-tap.txt')), { driver: 'tun', version: '1.6', firmware: '', busInfo: 'tap' });
});

test('ip -j link: a veth end names its peer by ifindex and namespace id', () => {
  const [lo, eth1] = parseIpLinks(recorded('ip-link-ctr.json'));
  assert.equal(lo?.linkIndex, undefined);
  assert.deepEqual(eth1, { ifname: 'eth1', mtu: 1500, operstate: 'UP', address: '96:93:f1:d5:3d:88', kind: 'veth', ifindex: 2, linkIndex: 3, linkNetnsid: 0 });
  const peer = parseIpLinks(recorded('ip-link-host.json')).find((l) => l.ifname === 'v-ctr');
  assert.deepEqual([peer?.ifindex, peer?.linkIndex, peer?.kind], [3, 2, 'veth']);
  assert.equal(parseIpLinks(recorded('ip-link-host.json')).find((l) => l.ifname === 'br-phy')?.kind, 'tun');
});

test('ip -j -d link of a kernel VXLAN host: bridge ports name their master, the VXLAN device its remote and port', () => {
  const json = recorded('ip-link-host-vxlan.json');
  const raw = JSON.parse(json) as { ifname: string; master?: string; linkinfo?: { info_data?: { remote?: string; port?: number } } }[];
  const links = parseIpLinks(json);
  // What ip itself printed, field by field.
  for (const r of raw) assert.equal(links.find((l) => l.ifname === r.ifname)?.master, r.master, r.ifname);
  const vxlan = links.find((l) => l.kind === 'vxlan')!;
  const rawVxlan = raw.find((r) => r.ifname === vxlan.ifname)!.linkinfo!.info_data!;
  assert.deepEqual(vxlan.tunnel, { remote: rawVxlan.remote, port: rawVxlan.port });
  assert.ok(links.some((l) => l.kind === 'veth' && l.master === vxlan.master), 'a veth on the same bridge');
  assert.ok(links.every((l) => l.kind === 'vxlan' || l.tunnel === undefined), 'only tunnel devices carry tunnel facts');
});

test('ovs-vsctl --format=json list: atoms, empty sets and maps', () => {
  const bridges = parseOvsList(recorded('ovs-vsctl-list-bridge.json'));
  assert.deepEqual(bridges.map((b) => [ovsText(b.name), ovsText(b.datapath_type)]), [['br-phy', 'netdev'], ['br-int', 'netdev']]);
  const vxlan = parseOvsList(recorded('ovs-vsctl-list-interface.json')).find((i) => i.type === 'vxlan');
  assert.deepEqual(vxlan?.options, { key: '42', remote_ip: '172.31.9.2' });
  const [system] = parseOvsList(recorded('ovs-vsctl-list-open_vswitch.json'));
  // ovs_version is an empty set when ovs-ctl did not start the daemons.
  assert.equal(ovsText(system?.ovs_version), '');
  assert.deepEqual(system?.other_config, {});
  assert.equal(ovsText(system?.datapath_types), 'netdev,system');
});
