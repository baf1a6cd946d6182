// GRE (RFC 2784/2890) with checksum, key and sequence; NVGRE (RFC 7637); PPTP's version 1.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePacket, LINKTYPE_IPV4 } from '../../src/decode/index.js';
import { ETH_ADDRS, hex, IPV4_UDP } from './hex.js';

const outer = (len: number): string => `45 00 ${(20 + len).toString(16).padStart(4, '0')} 00 00 00 00 40 2f 00 00 c0 a8 46 01 c0 a8 46 02  # IPv4, protocol 47 (GRE)\n`;

describe('gre', () => {
  it('decodes GRE with checksum, key and sequence carrying IPv4', () => {
    const b = hex(`${outer(16 + 32)}
      b0 00       # C, K, S set, version 0
      08 00       # protocol IPv4
      00 00 00 00 # checksum, reserved1
      00 00 00 63 # key 99
      00 00 00 01 # sequence 1
      ${IPV4_UDP}`);
    const p = decodePacket(LINKTYPE_IPV4, b, b.length);
    assert.deepEqual(p.layers, ['ipv4', 'gre', 'ipv4', 'udp']);
    assert.deepEqual(p.tunnels[0], { kind: 'gre', depth: 1, vni: 99, outerSrc: '192.168.70.1', outerDst: '192.168.70.2', offset: 20 });
    assert.equal(p.l4[0]!.depth, 1);
  });

  it('decodes NVGRE: key = VSID (24 bits) + FlowID, Ethernet inside', () => {
    const b = hex(`${outer(8 + 14 + 32)}
      20 00       # K set
      65 58       # protocol 0x6558 (transparent Ethernet bridging)
      00 50 01 07 # VSID 0x5001, FlowID 7
      ${ETH_ADDRS} 08 00 ${IPV4_UDP}`);
    const p = decodePacket(LINKTYPE_IPV4, b, b.length);
    assert.deepEqual(p.layers, ['ipv4', 'nvgre', 'eth', 'ipv4', 'udp']);
    assert.equal(p.tunnels[0]!.vni, 0x5001);
  });

  it('counts Ethernet nested in an NVGRE payload against the same depth limit as the tunnel', () => {
    // NVGRE (nesting 1), then Ethernet headers each saying 0x6558 again: 5,000 of them, 70 KB,
    // more than an IPv4 total length counts, so the outer header says 0 (length from the frame, as BIG TCP).
    const chain = Buffer.concat(Array.from({ length: 5000 }, () => hex(`${ETH_ADDRS} 65 58 # EtherType TEB`)));
    const b = Buffer.concat([
      hex(`45 00 00 00 00 00 00 00 40 2f 00 00 c0 a8 46 01 c0 a8 46 02  # IPv4, total length 0, protocol 47 (GRE)
        20 00 65 58 00 50 01 07  # NVGRE: K set, protocol 0x6558, VSID 0x5001, FlowID 7`),
      chain,
    ]);
    const p = decodePacket(LINKTYPE_IPV4, b, b.length);
    assert.equal(p.invalid, 'Ethernet in Ethernet nested deeper than 8');
    assert.deepEqual(p.layers, ['ipv4', 'nvgre', ...Array.from({ length: 8 }, () => 'eth')]);
    assert.equal(p.tunnels.length, 1);
  });

  it('names version 1 (PPTP) and other payloads without decoding them', () => {
    const v1 = hex(`${outer(8)} 30 01 88 0b 00 00 00 00  # K, S, version 1, PPP`);
    assert.deepEqual(decodePacket(LINKTYPE_IPV4, v1, v1.length).layers, ['ipv4', 'gre-v1']);
    const mpls = hex(`${outer(8)} 00 00 88 47 00 00 00 00  # protocol MPLS`);
    assert.deepEqual(decodePacket(LINKTYPE_IPV4, mpls, mpls.length).layers, ['ipv4', 'gre']);
  });

  it('is truncated when the optional fields are cut by the snap length', () => {
    const b = hex(`${outer(12 + 32)} 30 00 08 00 00 00 00 63 00 00 00 01 ${IPV4_UDP}`);
    const p = decodePacket(LINKTYPE_IPV4, b.subarray(0, 28), b.length);
    assert.equal(p.truncated, true);
    assert.equal(p.invalid, undefined);
  });
});
