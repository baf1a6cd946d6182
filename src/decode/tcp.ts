// TCP, RFC 9293 §3.1 (options: RFC 9293 MSS, RFC 7323 window scale and timestamps, RFC 2018 SACK).
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |          Source Port          |       Destination Port        |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                        Sequence Number                        |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                    Acknowledgment Number                      |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |  Data |       |C|E|U|A|P|R|S|F|                               |
//   | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |           Checksum            |         Urgent Pointer        |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                    Options (Data Offset > 5)                  |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

import { addLayer, haveHeader, nextTcp, type Frame } from './frame.js';
import { be16, be32 } from '../binary/be.js';

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

export function decodeTcp(f: Frame, off: number, end: number, depth: number): void {
  if (!haveHeader(f, 'TCP', off, 20, end)) return;
  const b = f.buf;
  const headerLength = (b[off + 12]! >> 4) * 4;
  if (headerLength < 20) {
    f.out.invalid = `TCP data offset ${headerLength} is below 20`;
    return;
  }
  if (off + headerLength > end) {
    f.out.invalid = `TCP header length ${headerLength} runs past the segment (${end - off} bytes)`;
    return;
  }
  if (!haveHeader(f, 'TCP with options', off, headerLength, end)) return;
  addLayer(f, 'tcp');
  const h = nextTcp(f);
  h.depth = depth;
  h.ipIndex = f.out.ip.length - 1;
  h.offset = off;
  h.srcPort = be16(b, off);
  h.dstPort = be16(b, off + 2);
  h.length = end - off;
  h.payloadOffset = off + headerLength;
  h.payloadLength = end - off - headerLength;
  h.truncated = end > f.capEnd;
  h.carrier = false;
  const t = h.tcp;
  t.seq = be32(b, off + 4);
  t.ack = be32(b, off + 8);
  t.flags = b[off + 13]! | ((b[off + 12]! & 0x01) << 8);
  t.window = be16(b, off + 14);
  t.headerLength = headerLength;
  t.optionsOffset = off + 20;
}

export interface TcpOption {
  kind: number;
  name: string;
  value?: number | number[];
}

const OPTION_NAMES: Record<number, string> = { 2: 'mss', 3: 'wscale', 4: 'sackOK', 5: 'sack', 8: 'ts', 30: 'mptcp', 34: 'tfo' };

/** Parses the options between optionsOffset and the end of the header; stops at a malformed one. */
export function tcpOptions(buf: Buffer, optionsOffset: number, headerEnd: number): { options: TcpOption[]; malformed: boolean } {
  const options: TcpOption[] = [];
  let p = optionsOffset;
  while (p < headerEnd) {
    const kind = buf[p]!;
    if (kind === 0) break;
    if (kind === 1) {
      p++;
      continue;
    }
    if (p + 2 > headerEnd) return { options, malformed: true };
    const len = buf[p + 1]!;
    if (len < 2 || p + len > headerEnd) return { options, malformed: true };
    const name = OPTION_NAMES[kind] ?? `opt-${kind}`;
    let value: number | number[] | undefined;
    if (kind === 2 && len === 4) value = be16(buf, p + 2);
    else if (kind === 3 && len === 3) value = buf[p + 2]!;
    else if (kind === 8 && len === 10) value = [be32(buf, p + 2), be32(buf, p + 6)];
    else if (kind === 5 && (len - 2) % 8 === 0) {
      value = [];
      for (let q = p + 2; q < p + len; q += 4) value.push(be32(buf, q));
    }
    options.push(value === undefined ? { kind, name } : { kind, name, value });
    p += len;
  }
  return { options, malformed: false };
}
