// Command outputs recorded on Debian 12 (kernel 6.x, Open vSwitch 3.1) from a container veth, a
// userspace-datapath OVS with a VXLAN port, and its tap bridge port: test/fixtures/doctor/; and
// doctor's facts built from them (the incident's host unless told otherwise), risks assessed.

import { readFileSync } from 'node:fs';
import { parseEthtoolFeatures } from '../../src/host/ethtool.js';
import { assessRisks, DOCTOR_SCHEMA, type DoctorFacts, type InterfaceFacts, type OvsFacts } from '../../src/remedy/index.js';

const DIR = new URL('../../../test/fixtures/doctor/', import.meta.url);

export function recorded(name: string): string {
  return readFileSync(new URL(name, DIR), 'utf8');
}

export function interfaceFacts(role: InterfaceFacts['role'], name: string, ethtoolK: string, driver = 'veth', mtu = 1450): InterfaceFacts {
  return {
    role,
    name,
    where: role === 'container' ? 'netns ovsf-test_mac' : 'netns ovsf-hostA',
    kind: driver === 'veth' ? 'veth' : undefined,
    mtu,
    features: { values: parseEthtoolFeatures(ethtoolK), command: `ethtool -k ${name}` },
    driver: { driver, version: '1.0', firmware: driver === 'veth' ? '' : '0x8000', busInfo: '', command: `ethtool -i ${name}` },
    foundBy: ['ip -j -d link show'],
    errors: [],
  };
}

export function ovsFacts(datapathType: string, userspaceTso = false, csum?: string): OvsFacts {
  return {
    db: 'unix:/run/x/db.sock',
    dbSource: '--ovs-db',
    version: '3.1.0',
    bridges: [{ name: 'br-int', datapathType }],
    bridgesCommand: 'ovs-vsctl list Bridge',
    userspaceTso,
    otherConfigCommand: 'ovs-vsctl list Open_vSwitch',
    tunnels: [{ name: 'vxlan0', type: 'vxlan', options: { key: '42', remote_ip: '172.16.2.115', ...(csum ? { csum } : {}) } }],
    tunnelsCommand: 'ovs-vsctl list Interface',
  };
}

export function doctorFacts(over: Partial<DoctorFacts> & { ctr?: string }): DoctorFacts {
  const f: DoctorFacts = {
    schema: DOCTOR_SCHEMA,
    collectedAt: '2026-01-01T00:00:00Z',
    hostname: 'h',
    target: { kind: 'pid', name: '4242', pid: 4242, netns: 'pid 4242', netnsInode: 1, iface: 'eth1', commands: [] },
    kernel: { release: '6.1.0-18-amd64', command: 'uname -r', vethChecksumBug: false },
    interfaces: [interfaceFacts('container', 'eth1', over.ctr ?? recorded('ethtool-k-veth.txt')), interfaceFacts('underlay', 'eth0', recorded('ethtool-k-veth.txt'), 'veth', 1500)],
    ovs: ovsFacts('netdev', false, 'true'),
    errors: [],
    risks: [],
    ...over,
  };
  return { ...f, risks: assessRisks(f) };
}
