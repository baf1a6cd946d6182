// TCP: header fields, data offset, options (MSS, SACK permitted, timestamps, window scale, SACK).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePacket, LINKTYPE_IPV4, tcpOptions, TCP_ACK, TCP_SYN } from '../../src/decode/index.js';
import { hex } from './hex.js';

const SYN = `
  45 00 00 3c 00 00 40 00 40 06 00 00 0a 0a 00 01 0a 0a 00 02  # IPv4, total 60, TCP, 10.10.0.1 > 10.10.0.2
  e9 fa       # source port 59898
  13 ee       # destination port 5102
  3b 9a ca 00 # sequence number 1,000,000,000
  00 00 00 00 # acknowledgment number 0
  a0          # data offset 10 (40 bytes), reserved 0, AE 0
  02          # flags SYN
  fa f0       # window 64240
  14 45       # checksum 0x1445
  00 00       # urgent pointer
  02 04 05 b4 # MSS 1460
  04 02       # SACK permitted
  08 0a 2a 6f 1c 00 00 00 00 00  # timestamps val 0x2a6f1c00 ecr 0
  01          # NOP
  03 03 07    # window scale 7
`;

describe('tcp', () => {
  it('decodes header fields of a SYN with options', () => {
    const b = hex(SYN);
    const p = decodePacket(LINKTYPE_IPV4, b, b.length);
    const t = p.l4[0]!;
    assert.equal(t.protocol, 'tcp');
    assert.deepEqual([t.srcPort, t.dstPort, t.length, t.payloadOffset, t.payloadLength], [59898, 5102, 40, 60, 0]);
    assert.deepEqual(t.tcp, { seq: 1_000_000_000, ack: 0, flags: TCP_SYN, window: 64240, headerLength: 40, optionsOffset: 40 });
    assert.deepEqual(tcpOptions(b, 40, 60), {
      options: [
        { kind: 2, name: 'mss', value: 1460 },
        { kind: 4, name: 'sackOK' },
        { kind: 8, name: 'ts', value: [0x2a6f1c00, 0] },
        { kind: 3, name: 'wscale', value: 7 },
      ],
      malformed: false,
    });
  });

  it('parses SACK blocks and flags a malformed option', () => {
    const opts = hex(`
      01 01       # NOP NOP
      05 0a 00 00 03 e8 00 00 07 d0  # SACK, one block 1000-2000
      1e 01       # kind 30 with length 1: malformed`);
    assert.deepEqual(tcpOptions(opts, 0, opts.length), { options: [{ kind: 5, name: 'sack', value: [1000, 2000] }], malformed: true });
  });

  it('keeps the AE (former NS) bit as flag bit 8', () => {
    const b = hex(SYN);
    b[20 + 12] = 0xa1;
    b[20 + 13] = TCP_ACK;
    assert.equal(decodePacket(LINKTYPE_IPV4, b, b.length).l4[0]!.tcp!.flags, 0x100 | TCP_ACK);
  });

  it('rejects a data offset below 5 or past the segment; options cut by snap length are truncation', () => {
    const b = hex(SYN);
    const low = Buffer.from(b);
    low[32] = 0x40;
    assert.match(decodePacket(LINKTYPE_IPV4, low, low.length).invalid ?? '', /data offset 16 is below 20/);
    const high = Buffer.from(b);
    high[32] = 0xf0;
    assert.match(decodePacket(LINKTYPE_IPV4, high, high.length).invalid ?? '', /header length 60 runs past the segment/);
    const cut = decodePacket(LINKTYPE_IPV4, b.subarray(0, 50), b.length);
    assert.equal(cut.truncated, true);
    assert.equal(cut.invalid, undefined);
  });
});
