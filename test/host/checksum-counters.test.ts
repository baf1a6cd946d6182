// /proc/net/snmp and /proc/net/snmp6 text into nstat-named counters.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSnmp } from '../../src/host/checksum-counters.js';

// Cut from a namespace whose receiver dropped 7 VXLAN frames over IPv4 and 4 over IPv6.
const SNMP = `Ip: Forwarding DefaultTTL InReceives
Ip: 2 64 43
Icmp: InMsgs InErrors InCsumErrors
Icmp: 3 0 0
Tcp: RtoAlgorithm RtoMin InCsumErrors
Tcp: 1 200 2
Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
Udp: 25 1 7 0 0 0 7 0 0
UdpLite: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
UdpLite: 0 0 0 0 0 0 0 0 0
`;
const SNMP6 = `Ip6InReceives                   \t1
Udp6InErrors                    \t4
Udp6InCsumErrors                \t4
`;

test('paired header and value lines become protocol + field, as nstat names them', () => {
  const c = parseSnmp(SNMP);
  assert.equal(c.UdpInCsumErrors, 7);
  assert.equal(c.UdpInErrors, 7);
  assert.equal(c.TcpInCsumErrors, 2);
  assert.equal(c.IcmpInCsumErrors, 0);
  assert.equal(c.IpDefaultTTL, 64);
  assert.equal(c.UdpLiteInCsumErrors, 0);
});

test('snmp6 name-value lines, after the snmp table in one text', () => {
  const c = parseSnmp(SNMP + SNMP6);
  assert.equal(c.Udp6InCsumErrors, 4);
  assert.equal(c.Ip6InReceives, 1);
  assert.equal(c.UdpInCsumErrors, 7);
});
