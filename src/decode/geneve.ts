// Geneve, RFC 8926 §3.4 (UDP 6081).
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |Ver|  Opt Len  |O|C|    Rsvd.  |          Protocol Type        |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |        Virtual Network Identifier (VNI)       |    Reserved   |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                    Variable-Length Options (Opt Len x 4)      |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   Option: | Option Class (16) | Type (8) |R|R|R| Length (5, x4) | data ...
// Protocol Type 0x6558 carries Ethernet; 0x0800/0x86DD carry IP directly.

import { decodeEtherType } from './ethernet.js';
import { haveHeader, type Frame } from './frame.js';
import { enterTunnel } from './tunnel.js';
import { be16, be32 } from '../binary/be.js';

export interface GeneveOption {
  optionClass: number;
  type: number;
  length: number;
}

export function decodeGeneve(f: Frame, off: number, end: number, depth: number): void {
  if (!haveHeader(f, 'Geneve', off, 8, end)) return;
  const b = f.buf;
  const version = b[off]! >> 6;
  if (version !== 0) {
    f.out.invalid = `Geneve version ${version}`;
    return;
  }
  const optionsLength = (b[off]! & 0x3f) * 4;
  if (!haveHeader(f, 'Geneve options', off, 8 + optionsLength, end)) return;
  if (geneveOptions(b, off + 8, off + 8 + optionsLength) === undefined) {
    f.out.invalid = 'Geneve option runs past the option length';
    return;
  }
  const protocol = be16(b, off + 2);
  const inner = enterTunnel(f, 'geneve', off, depth, be32(b, off + 4) >>> 8);
  if (inner !== undefined) decodeEtherType(f, protocol, off + 8 + optionsLength, end, inner);
}

/** The TLV options in [p, end), or undefined when one is malformed. */
export function geneveOptions(b: Buffer, p: number, end: number): GeneveOption[] | undefined {
  const options: GeneveOption[] = [];
  while (p < end) {
    if (p + 4 > end) return undefined;
    const length = 4 + (b[p + 3]! & 0x1f) * 4;
    if (p + length > end) return undefined;
    options.push({ optionClass: be16(b, p), type: b[p + 2]!, length });
    p += length;
  }
  return options;
}
