// Ethernet II with stacked 802.1Q / 802.1ad tags, the truncated-versus-invalid distinction, and
// Ethernet carried right in Ethernet (EtherType 0x6558), nested only as deep as tunnels may be.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePacket, DEFAULT_DECODE_OPTIONS, LINKTYPE_ETHERNET } from '../../src/decode/index.js';
import { ETH_ADDRS, hex, IPV4_UDP } from './hex.js';

const decode = (b: Buffer, wire = b.length) => decodePacket(LINKTYPE_ETHERNET, b, wire);

/** n Ethernet headers saying EtherType 0x6558 (transparent Ethernet bridging: another Ethernet header follows), then one carrying IPv4/UDP. */
const tebChain = (n: number): Buffer =>
  Buffer.concat([...Array.from({ length: n }, () => hex(`${ETH_ADDRS} 65 58 # EtherType TEB`)), hex(`${ETH_ADDRS} 08 00 # EtherType IPv4\n ${IPV4_UDP}`)]);

describe('ethernet', () => {
  it('decodes an untagged IPv4 frame', () => {
    const p = decode(hex(`${ETH_ADDRS} 08 00 # EtherType IPv4\n ${IPV4_UDP}`));
    assert.deepEqual(p.layers, ['eth', 'ipv4', 'udp']);
    assert.equal(p.ip[0]!.offset, 14);
    assert.equal(p.truncated, false);
    assert.equal(p.invalid, undefined);
  });

  it('decodes an 802.1Q tag', () => {
    const p = decode(hex(`${ETH_ADDRS}
      81 00  # TPID 802.1Q
      60 64  # PCP 3, DEI 0, VLAN 100
      08 00  # EtherType IPv4
      ${IPV4_UDP}`));
    assert.deepEqual(p.layers, ['eth', 'vlan', 'ipv4', 'udp']);
    assert.equal(p.ip[0]!.offset, 18);
  });

  it('decodes QinQ: an 802.1ad service tag outside a customer tag', () => {
    const p = decode(hex(`${ETH_ADDRS}
      88 a8  # TPID 802.1ad (S-tag)
      00 64  # VLAN 100
      81 00  # TPID 802.1Q (C-tag)
      00 c8  # VLAN 200
      86 dd  # EtherType IPv6
      60 00 00 00  00 00 3b 40  # IPv6, payload length 0, next header 59 (none), hop limit 64
      fd 00 00 00 00 00 00 00  00 00 00 00 00 00 00 01  # source fd00::1
      fd 00 00 00 00 00 00 00  00 00 00 00 00 00 00 02  # destination fd00::2`));
    assert.deepEqual(p.layers, ['eth', 'qinq', 'vlan', 'ipv6']);
    assert.equal(p.ip[0]!.offset, 22);
    assert.equal(p.ip[0]!.src, 'fd00::1');
  });

  it('names ARP and 802.3 length frames without decoding further', () => {
    assert.deepEqual(decode(hex(`${ETH_ADDRS} 08 06 # ARP\n 00 01 08 00 06 04 00 01`)).layers, ['eth', 'arp']);
    assert.deepEqual(decode(hex(`${ETH_ADDRS} 00 26 # 802.3 length 38\n 42 42 03`)).layers, ['eth', 'llc']);
  });

  it('calls a frame cut by the snap length truncated, not invalid', () => {
    const whole = hex(`${ETH_ADDRS} 81 00 00 64 08 00 ${IPV4_UDP}`);
    // 16 of 50 bytes captured: the VLAN tag itself is cut.
    const p = decode(whole.subarray(0, 16), whole.length);
    assert.equal(p.truncated, true);
    assert.equal(p.invalid, undefined);
  });

  it('calls a frame shorter on the wire than its headers invalid', () => {
    const p = decode(hex(`${ETH_ADDRS} 81 00`));
    assert.equal(p.truncated, false);
    assert.match(p.invalid ?? '', /802.1Q header needs 4 bytes, only 0 follow/);
  });

  it('stops at more than 8 stacked tags', () => {
    const p = decode(hex(`${ETH_ADDRS} ${'81 00 00 01 '.repeat(9)} 08 00 ${IPV4_UDP}`));
    assert.match(p.invalid ?? '', /more than 8 VLAN tags/);
  });
  it('stops Ethernet nested in Ethernet (EtherType 0x6558) at maxDepth instead of recursing 5,000 deep', () => {
    // 5,000 headers (70 KB, within a 262144-byte snap length) each followed by another.
    const p = decode(tebChain(5000));
    assert.equal(p.invalid, `Ethernet in Ethernet nested deeper than ${DEFAULT_DECODE_OPTIONS.maxDepth}`);
    assert.equal(p.truncated, false);
    // The outer Ethernet and one per allowed nesting, then nothing.
    assert.deepEqual(p.layers, Array.from({ length: DEFAULT_DECODE_OPTIONS.maxDepth + 1 }, () => 'eth'));
    assert.equal(p.ip.length, 0);
  });

  it('decodes Ethernet in Ethernet exactly maxDepth deep, not one more', () => {
    const depth = DEFAULT_DECODE_OPTIONS.maxDepth;
    const q = decode(tebChain(depth));
    assert.equal(q.invalid, undefined);
    assert.deepEqual(q.layers, [...Array.from({ length: depth + 1 }, () => 'eth'), 'ipv4', 'udp']);
    assert.equal(decode(tebChain(depth + 1)).invalid, `Ethernet in Ethernet nested deeper than ${depth}`);
  });
});
