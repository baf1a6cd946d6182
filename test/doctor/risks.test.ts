// Doctor's risk rules and the shared recommendation engine, over facts built from recorded output.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderDoctorText } from '../../src/report/doctor-text.js';
import { hostFactsFromDoctor } from '../../src/report/host-facts.js';
import { vethChecksumBug, type DoctorFacts } from '../../src/remedy/index.js';
import { recommend, recommendedFeatures } from '../../src/remedy/recommend.js';
import { doctorFacts as facts, interfaceFacts as iface, ovsFacts as ovs, recorded } from './recorded.js';


const ids = (f: DoctorFacts): string[] => f.risks.map((r) => `${r.severity} ${r.id}`);

test('the incident: userspace datapath + veth tx checksum offload on is critical, and says why', () => {
  const f = facts({});
  assert.deepEqual(ids(f), ['critical userspace-datapath-tx-offload']);
  assert.match(f.risks[0]!.reason, /pseudo-header sum/);
  assert.match(f.risks[0]!.reason, /vxlan port vxlan0/);
  assert.deepEqual(f.risks[0]!.evidence, ['ethtool -k eth1', 'ovs-vsctl list Bridge']);
});

test('tx off, or the kernel datapath, is not the incident', () => {
  assert.deepEqual(ids(facts({ ctr: recorded('ethtool-k-veth-tx-off.txt') })), []);
  assert.deepEqual(ids(facts({ ovs: ovs('system', false, 'true') })), []);
});

test('userspace TSO on lowers it to medium; an unreadable OVS leaves a low note', () => {
  assert.deepEqual(ids(facts({ ovs: ovs('netdev', true, 'true') })), ['medium userspace-datapath-tx-offload']);
  assert.deepEqual(ids(facts({ ovs: undefined })), ['low tx-offload-datapath-unknown']);
});

test('kernels before 4.4 have the veth CHECKSUM_UNNECESSARY bug', () => {
  assert.deepEqual(['3.10.0-1160.el7.x86_64', '4.3.6', '4.4.0', '4.19.0', '6.18.44-fc'].map(vethChecksumBug), [true, true, false, false, false]);
  const f = facts({ kernel: { release: '3.10.0-1160.el7.x86_64', command: 'uname -r', vethChecksumBug: true }, ctr: recorded('ethtool-k-veth-tx-off.txt') });
  assert.deepEqual(ids(f), ['high veth-checksum-unnecessary']);
  assert.match(f.risks[0]!.reason, /ce8c839b74e3/);
});

test('MTU too large for the tunnel, no outer checksum, and a hardware NIC offloading tunnels are ranked after', () => {
  const ixgbe = iface('underlay', 'ens1f0', recorded('ethtool-k-veth.txt'), 'ixgbe', 1500);
  const f = facts({ interfaces: [iface('container', 'eth1', recorded('ethtool-k-veth.txt'), 'veth', 1500), ixgbe], ovs: ovs('netdev') });
  assert.deepEqual(ids(f), ['critical userspace-datapath-tx-offload', 'high mtu-exceeds-tunnel', 'low tunnel-without-outer-checksum', 'low underlay-tunnel-offload']);
  assert.match(f.risks[1]!.reason, /MTU to 1450/);
  assert.match(f.risks[3]!.summary, /ixgbe 1.0, firmware 0x8000/);
});

test('recommend: the narrowest fix per risk, with its cost and persistence', () => {
  const f = facts({});
  const [tx] = recommend({ facts: f });
  assert.deepEqual([tx?.side, tx?.advice, tx?.answers], ['sender', 'veth-tx-offload', 'userspace-datapath-tx-offload']);
  assert.deepEqual(tx?.features, { tx: false });
  assert.deepEqual(tx?.commands, ['nsenter --target 4242 --net ethtool -K eth1 tx off', 'ovsforensics fix --pid 4242 --iface eth1 --features tx --apply --verify']);
  assert.match(tx!.cost, /80\.8 MB\/s to 46\.6 MB\/s/);
  assert.match(tx!.cost, /rx stays on/);
  assert.ok(tx!.persist.some((p) => /docker events/.test(p.command)) && tx!.persist.some((p) => /udev/.test(p.how)) && tx!.persist.some((p) => /CNI/.test(p.how)));
  assert.ok(tx!.persist.some((p) => /datapath_type=system/.test(p.command)), 'an OVS-side alternative');
  assert.ok(tx!.persist.every((p) => !p.command.includes('<IFACE>')), 'the interface filled in everywhere');

  const old = facts({ kernel: { release: '4.1.0', command: 'uname -r', vethChecksumBug: true } });
  assert.deepEqual(recommend({ facts: old }).map((r) => [r.side, r.advice]), [['sender', 'veth-tx-offload'], ['receiver', 'veth-rx-unverified']]);
  assert.deepEqual(recommendedFeatures(recommend({ facts: old })), { tx: false, rx: false });
});

test('recommend names a netns target the way it is entered, and the underlay NIC doctor found', () => {
  const ixgbe = iface('underlay', 'ens1f0', recorded('ethtool-k-veth.txt'), 'ixgbe', 1500);
  const target = { kind: 'netns' as const, name: 'ovsf-test_mac', netns: 'ovsf-test_mac', netnsInode: 1, iface: 'eth1', commands: [] };
  const f = facts({ target, interfaces: [iface('container', 'eth1', recorded('ethtool-k-veth.txt'), 'veth', 1500), ixgbe], ovs: ovs('netdev') });
  const recs = recommend({ facts: f });
  assert.deepEqual(recs.find((r) => r.advice === 'veth-tx-offload')?.commands, ['ip netns exec ovsf-test_mac ethtool -K eth1 tx off', 'ovsforensics fix --netns ovsf-test_mac --iface eth1 --features tx --apply --verify']);
  const nic = recs.find((r) => r.advice === 'nic-tunnel-offload');
  assert.equal(nic?.commands[0], 'ethtool -K ens1f0 tx-udp_tnl-segmentation off tx-udp_tnl-csum-segmentation off');
  assert.equal(nic?.features, undefined, 'fix does not change the underlay');
});

test('doctor text: each fact with the command it came from, risks in order, then the fix', () => {
  const f = facts({});
  const text = renderDoctorText(f, recommend({ facts: f }));
  for (const c of ['$ uname -r', '$ ethtool -k eth1', '$ ethtool -i eth1', '$ ovs-vsctl list Bridge', '$ ovs-vsctl list Interface']) assert.ok(text.includes(c), c);
  assert.match(text, /Risks \(1, most severe first\)\n {2}1\. \[critical\] unfinished checksums leave the host/);
  assert.match(text, /Recommended \(1\)\n {2}1\. on the sender: transmit checksum offload off/);
  assert.match(text, /\$ nsenter --target 4242 --net ethtool -K eth1 tx off/);
});

test('doctor facts fill the report\'s HostFacts: offloads on/off, [fixed] as text, risks as notes', () => {
  const host = hostFactsFromDoctor(facts({}));
  assert.deepEqual([host.kernel, host.ovsVersion, host.containers?.[0]?.interfaces], ['6.1.0-18-amd64', '3.1.0', ['eth1']]);
  const eth1 = host.interfaces?.find((i) => i.name === 'eth1 (container)');
  assert.deepEqual([eth1?.offloads?.['tx-checksumming'], eth1?.offloads?.['tx-checksum-ipv4'], eth1?.driver], [true, 'off [fixed]', 'veth']);
  assert.match(host.notes?.[0] ?? '', /^\[critical\] unfinished checksums leave the host/);
});
