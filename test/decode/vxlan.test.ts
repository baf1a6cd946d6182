// VXLAN on 4789 and 8472 (and a declared port): VNI, the I flag, inner Ethernet decoding.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePacket, DEFAULT_DECODE_OPTIONS, LINKTYPE_ETHERNET } from '../../src/decode/index.js';
import { ETH_ADDRS, hex, IPV4_UDP } from './hex.js';

/** Outer Ethernet + IPv4 + UDP to `port`, then VXLAN with `flags` and VNI 42, then an inner frame. */
function vxlanFrame(port: string, flags: string): Buffer {
  return hex(`${ETH_ADDRS} 08 00
    45 00 00 52 00 00 40 00 40 11 00 00 ac 10 02 72 ac 10 02 73  # IPv4 172.16.2.114 > 172.16.2.115, total 82, UDP
    c8 d3 ${port} 00 3e 00 00  # UDP 51411 > port, length 62, checksum 0
    ${flags} 00 00 00          # VXLAN flags, reserved
    00 00 2a 00                # VNI 42, reserved
    ${ETH_ADDRS} 08 00         # inner Ethernet
    ${IPV4_UDP}`);
}

describe('vxlan', () => {
  it('decodes VNI and the inner frame on port 4789', () => {
    const b = vxlanFrame('12 b5', '08');
    const p = decodePacket(LINKTYPE_ETHERNET, b, b.length);
    assert.deepEqual(p.layers, ['eth', 'ipv4', 'udp', 'vxlan', 'eth', 'ipv4', 'udp']);
    assert.deepEqual(p.tunnels, [{ kind: 'vxlan', depth: 1, vni: 42, outerSrc: '172.16.2.114', outerDst: '172.16.2.115', offset: 42 }]);
    assert.equal(p.l4[0]!.carrier, true);
    assert.equal(p.l4[1]!.depth, 1);
    assert.equal(p.ip[1]!.src, '10.0.0.1');
  });

  it('decodes Linux port 8472; leaves the VNI out without the I flag', () => {
    const b = vxlanFrame('21 18', '00');
    const p = decodePacket(LINKTYPE_ETHERNET, b, b.length);
    assert.equal(p.tunnels[0]!.vni, undefined);
    assert.equal(p.l4.length, 2);
  });

  it('decodes a declared extra port, and not an undeclared one', () => {
    const b = vxlanFrame('30 39', '08');
    assert.equal(decodePacket(LINKTYPE_ETHERNET, b, b.length).tunnels.length, 0);
    const opts = { ...DEFAULT_DECODE_OPTIONS, vxlanPorts: new Set([4789, 12345]) };
    assert.equal(decodePacket(LINKTYPE_ETHERNET, b, b.length, opts).tunnels[0]!.vni, 42);
  });

  it('refuses nesting deeper than maxDepth', () => {
    const b = vxlanFrame('12 b5', '08');
    const p = decodePacket(LINKTYPE_ETHERNET, b, b.length, { ...DEFAULT_DECODE_OPTIONS, maxDepth: 0 });
    assert.match(p.invalid ?? '', /nested deeper than 0/);
  });
});
