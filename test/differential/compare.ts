// ovsforensics against tcpdump -vv and tshark on the same file, frame by frame: what each of them
// says of every innermost TCP/UDP checksum, and retransmissions per flow. Shared by the
// differential test on captures/ and the lab test on a capture the lab makes.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { TestContext } from 'node:test';
import { classifyL4, type Verdict } from '../../src/checksum/index.js';
import { analyze } from '../../src/analyze/analyze-files.js';
import { decodePacket, innermostSegment } from '../../src/decode/index.js';
import { readCapture } from '../../src/pcap/index.js';
import { have } from '../support.js';

export interface OurFrame {
  /** Protocols of the TCP/UDP headers, outermost first. */
  l4: ('tcp' | 'udp')[];
  /** Index into l4 of the innermost segment. */
  innermost: number;
  verdict: Verdict;
}

export async function ourFrames(path: string): Promise<Map<number, OurFrame>> {
  const out = new Map<number, OurFrame>();
  const { error } = await readCapture(path, (r) => {
    const pkt = decodePacket(r.linkType, r.data, r.wireLen);
    const seg = innermostSegment(pkt);
    if (seg === undefined) return;
    out.set(r.frame, { l4: pkt.l4.map((l) => l.protocol), innermost: pkt.l4.indexOf(seg), verdict: classifyL4(r.data, pkt.ip[seg.ipIndex]!, seg).verdict });
  });
  assert.equal(error, undefined);
  return out;
}

function run(program: string, args: string[]): string {
  const r = spawnSync(program, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, timeout: 120_000 });
  assert.equal(r.status, 0, `${program} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

type TheirVerdict = 'good' | 'bad' | 'none';

/** tcpdump -# -vv: per frame, the TCP/UDP checksum remarks in order, outermost first. */
function tcpdumpVerdicts(path: string): { frames: Map<number, TheirVerdict[]>; incorrect: number } {
  const text = run('tcpdump', ['-#', '-vv', '-nr', path]);
  const frames = new Map<number, TheirVerdict[]>();
  let current: TheirVerdict[] | undefined;
  let incorrect = 0;
  const remark = /cksum 0x[0-9a-f]{4} \((correct|incorrect -> 0x[0-9a-f]{4})\)|\[udp sum ok\]|\[bad udp cksum 0x[0-9a-f]+ -> 0x[0-9a-f]+!\]|\[no cksum\]/g;
  for (const line of text.split('\n')) {
    const start = /^\s*(\d+)\s+\d{2}:\d{2}:\d{2}\.\d+ /.exec(line);
    if (start) {
      current = [];
      frames.set(Number(start[1]), current);
    }
    for (const m of line.matchAll(remark)) {
      const v: TheirVerdict = m[0] === '[no cksum]' ? 'none' : m[1] === 'correct' || m[0] === '[udp sum ok]' ? 'good' : 'bad';
      if (v === 'bad') incorrect++;
      current?.push(v);
    }
  }
  return { frames, incorrect };
}

interface TsharkFrame {
  protocols: string[];
  tcp: string[];
  udp: string[];
  ip: { src: string[]; dst: string[] };
  ipv6: { src: string[]; dst: string[] };
  ports: { src: string[]; dst: string[] };
  retransmitted: boolean;
  /** tshark's "TCP Checksum 0xffff instead of 0x0000 (see RFC 1624)": equal in ones' complement, so good (docs/design.md, Verdicts). */
  negativeZero: boolean;
}

const TSHARK_FIELDS = ['frame.number', 'frame.protocols', 'tcp.checksum.status', 'udp.checksum.status', 'ip.src', 'ip.dst', 'ipv6.src', 'ipv6.dst', 'tcp.srcport', 'tcp.dstport', 'tcp.analysis.retransmission', 'tcp.analysis.fast_retransmission', 'tcp.analysis.out_of_order', 'tcp.checksum.ffff'];

function tsharkFrames(path: string): Map<number, TsharkFrame> {
  // Linux's VXLAN port 8472, which ovsforensics decodes too (tshark knows only 4789).
  const args = ['-r', path, '-d', 'udp.port==8472,vxlan', '-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE', '-T', 'fields', '-E', 'separator=|', '-E', 'aggregator=,'];
  for (const f of TSHARK_FIELDS) args.push('-e', f);
  const out = new Map<number, TsharkFrame>();
  for (const line of run('tshark', args).split('\n')) {
    if (line === '') continue;
    const [n, protocols, tcp, udp, ipSrc, ipDst, v6Src, v6Dst, sport, dport, retrans, fast, ooo, ffff] = line.split('|').map((f) => (f === '' ? [] : f.split(',')));
    out.set(Number(n![0]), {
      protocols: protocols![0]!.split(':'),
      tcp: tcp!,
      udp: udp!,
      ip: { src: ipSrc!, dst: ipDst! },
      ipv6: { src: v6Src!, dst: v6Dst! },
      ports: { src: sport!, dst: dport! },
      retransmitted: retrans!.length + fast!.length + ooo!.length > 0,
      negativeZero: ffff!.length > 0,
    });
  }
  return out;
}

/** tshark's checksum status of each TCP/UDP header, outermost first: 0 bad, 1 good, 2 unverified, 3 not present. */
function tsharkL4(f: TsharkFrame): { protocol: 'tcp' | 'udp'; status: string | undefined }[] {
  const next = { tcp: 0, udp: 0 };
  return f.protocols
    .filter((p): p is 'tcp' | 'udp' => p === 'tcp' || p === 'udp')
    .map((p) => {
      const status = f[p][next[p]++];
      return { protocol: p, status: p === 'tcp' && status === '0' && f.negativeZero ? '1' : status };
    });
}

/** Innermost TCP flow key "src:port > dst:port" of a tshark frame, or undefined. */
function tsharkFlow(f: TsharkFrame): string | undefined {
  const last = f.protocols.lastIndexOf('tcp');
  if (last < 0 || f.ports.src.length === 0) return undefined;
  const before = f.protocols.slice(0, last);
  const v6 = before.lastIndexOf('ipv6') > before.lastIndexOf('ip');
  const a = v6 ? f.ipv6 : f.ip;
  return `${a.src[a.src.length - 1]}:${f.ports.src[f.ports.src.length - 1]} > ${a.dst[a.dst.length - 1]}:${f.ports.dst[f.ports.dst.length - 1]}`;
}

const BAD_FOR_US: Verdict[] = ['offload', 'corrupt'];

export function compareChecksums(ours: Map<number, OurFrame>, path: string): { tcpdumpCompared: number; tsharkCompared: number; tcpdumpIncorrect: number } {
  const td = tcpdumpVerdicts(path);
  let tcpdumpCompared = 0;
  for (const [n, remarks] of td.frames) {
    const o = ours.get(n);
    // tcpdump remarks on each TCP/UDP header it verified; only a full set lines up with ours.
    if (o === undefined || remarks.length !== o.l4.length) continue;
    const theirs = remarks[o.innermost]!;
    if (theirs === 'bad') assert.ok(BAD_FOR_US.includes(o.verdict), `frame ${n}: tcpdump says incorrect, we say ${o.verdict}`);
    if (theirs === 'good') assert.equal(o.verdict, 'valid', `frame ${n}: tcpdump says correct`);
    if (theirs !== 'none') tcpdumpCompared++;
  }
  let tsharkCompared = 0;
  for (const [n, f] of tsharkFrames(path)) {
    const o = ours.get(n);
    const l4 = tsharkL4(f);
    if (o === undefined || l4.length !== o.l4.length) continue;
    const theirs = l4[o.innermost]!;
    assert.equal(theirs.protocol, o.l4[o.innermost], `frame ${n}: innermost protocol`);
    if (theirs.status === '0') assert.ok(BAD_FOR_US.includes(o.verdict), `frame ${n}: tshark says bad, we say ${o.verdict}`);
    if (theirs.status === '1') assert.equal(o.verdict, 'valid', `frame ${n}: tshark says good`);
    if (theirs.status === '0' || theirs.status === '1') tsharkCompared++;
  }
  return { tcpdumpCompared, tsharkCompared, tcpdumpIncorrect: td.incorrect };
}

/** Our retransmissions per innermost TCP flow. */
export async function ourRetransmissions(path: string): Promise<Map<string, number>> {
  const { analysis } = await analyze({ captures: [{ path, point: 'p' }] });
  assert.equal(analysis.flowsOmitted, 0);
  return new Map(analysis.flows.filter((f) => f.protocol === 'tcp').map((f) => [`${f.src}:${f.srcPort} > ${f.dst}:${f.dstPort}`, f.retransmissions]));
}

export function tsharkRetransmissions(path: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of tsharkFrames(path).values()) {
    const key = tsharkFlow(f);
    if (key !== undefined) out.set(key, (out.get(key) ?? 0) + (f.retransmitted ? 1 : 0));
  }
  return out;
}

export function toolsOrSkip(t: TestContext): boolean {
  const missing = ['tcpdump', 'tshark'].filter((p) => !have(p));
  if (missing.length === 0) return true;
  assert.ok(!process.env.CI, `${missing.join(' and ')} must be installed in CI (scripts/install-deps.sh)`);
  t.skip(`${missing.join(' and ')} not installed: differential test skipped`);
  return false;
}
