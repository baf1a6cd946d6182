// Geneve (RFC 8926): options, Ethernet or IP inner, version and option-length errors.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePacket, geneveOptions, LINKTYPE_IPV4 } from '../../src/decode/index.js';
import { ETH_ADDRS, hex, IPV4_UDP } from './hex.js';

function geneveFrame(header: string, inner: string, innerLen: number): Buffer {
  const headerBytes = hex(header);
  const udpLen = 8 + headerBytes.length + innerLen;
  const total = 20 + udpLen;
  return hex(`
    45 00 ${total.toString(16).padStart(4, '0')} 00 00 00 00 40 11 00 00 c0 a8 32 01 c0 a8 32 02  # IPv4 192.168.50.1 > .2, UDP
    ee 48 17 c1 ${udpLen.toString(16).padStart(4, '0')} 00 00  # UDP 61000 > 6081
    ${header}
    ${inner}`);
}

const OPTS = `
  02         # version 0, option length 2 (8 bytes)
  00         # O 0, C 0, reserved
  65 58      # protocol 0x6558 (Ethernet)
  00 12 34 00  # VNI 0x1234, reserved
  01 02 80 01  # option class 0x0102, type 0x80, length 1 (4 bytes of data)
  00 01 00 02  # option data`;

describe('geneve', () => {
  it('decodes options, VNI and an inner Ethernet frame', () => {
    const b = geneveFrame(OPTS, `${ETH_ADDRS} 08 00 ${IPV4_UDP}`, 14 + 32);
    const p = decodePacket(LINKTYPE_IPV4, b, b.length);
    assert.deepEqual(p.layers, ['ipv4', 'udp', 'geneve', 'eth', 'ipv4', 'udp']);
    assert.equal(p.tunnels[0]!.vni, 0x1234);
    assert.deepEqual(geneveOptions(b, 28 + 8, 28 + 16), [{ optionClass: 0x0102, type: 0x80, length: 8 }]);
  });

  it('decodes IPv4 carried directly (protocol 0x0800)', () => {
    const b = geneveFrame('00 00 08 00 00 00 07 00  # no options, protocol IPv4, VNI 7', IPV4_UDP, 32);
    const p = decodePacket(LINKTYPE_IPV4, b, b.length);
    assert.deepEqual(p.layers, ['ipv4', 'udp', 'geneve', 'ipv4', 'udp']);
    assert.equal(p.tunnels[0]!.vni, 7);
  });

  it('rejects version 1 and an option that runs past the option length', () => {
    const v1 = geneveFrame('40 00 65 58 00 00 01 00  # version 1', IPV4_UDP, 32);
    assert.match(decodePacket(LINKTYPE_IPV4, v1, v1.length).invalid ?? '', /Geneve version 1/);
    const overrun = geneveFrame('01 00 65 58 00 00 01 00  01 02 80 02  # option length 1 word, option claims 2 more', IPV4_UDP, 32);
    assert.match(decodePacket(LINKTYPE_IPV4, overrun, overrun.length).invalid ?? '', /option runs past/);
  });

  it('is truncated when the options are cut by the snap length', () => {
    const b = geneveFrame(OPTS, IPV4_UDP, 32);
    const p = decodePacket(LINKTYPE_IPV4, b.subarray(0, 40), b.length);
    assert.equal(p.truncated, true);
    assert.equal(p.invalid, undefined);
  });
});
