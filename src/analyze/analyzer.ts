// Turns a stream of capture records into an Analysis: decode, classify every checksum, account
// the innermost segment of each frame to its flow, point and time bucket, then judge unfinished
// and tunnel-damaged segments by their outcome and derive findings.
// Memory grows with flows and points, never with the number of packets.

import { classifyMessage, ipv4HeaderValid, judgeTransport, type Judgement } from '../checksum/classify.js';
import type { ChecksumLayer, Verdict } from '../checksum/types.js';
import { PacketDecoder, sequenceEnd, TCP_ACK, TCP_SYN, type ControlMessage, type DecodeOptions, type DecodedPacket, type L4Header } from '../decode/index.js';
import type { CaptureSummary, Direction, PacketRecord } from '../pcap/types.js';
import { endpoint } from './endpoint.js';
import { deriveFindings } from './findings.js';
import { FlowTable, type FlowAtPoint } from './flow-table.js';
import { judgeDamaged, judgeUnfinished } from './outcome.js';
import { flagString } from './tcp-flags.js';
import { Timeline } from './timeline.js';
import { TunnelDamage } from './tunnel-damage.js';
import {
  ANALYSIS_SCHEMA,
  countVerdict,
  emptyCounts,
  type Analysis,
  type AnalysisInput,
  type CapturePoint,
  type CorruptDetail,
  type FrameRef,
  type LayerCounts,
  type VerdictCounts,
} from './types.js';
import { attachCounterEvidence } from './counter-evidence.js';
import { countersOf } from './receiver-counters.js';

export interface AnalyzerOptions {
  decode?: DecodeOptions;
  /** Flow table rows kept in the result (the rest are counted). */
  maxFlows?: number;
  /** Corrupt segments shown byte by byte (the rest are counted). */
  maxCorruptDetails?: number;
}

/** An input file as the analyzer knows it: its index in `inputs` and its point name. */
export interface InputContext {
  index: number;
  point: string;
  /** Declared direction of everything in this input (from --point NAME:role). */
  role?: Direction;
}

const HEX_BYTES = 96;
const LAYERS = 6;

export class Analyzer {
  private readonly decoder: PacketDecoder;
  /** The verdicts of the current frame's TCP/UDP headers, one per pkt.l4 entry, reused frame after frame. */
  private readonly judged: Judgement[] = [];
  private readonly maxFlows: number;
  private readonly maxCorrupt: number;
  private readonly flows = new FlowTable();
  private readonly timeline = new Timeline();
  private readonly points = new Map<string, CapturePoint>();
  /** Indexed by depth * LAYERS + layerIndex(layer): outermost first, then in header order. */
  private readonly layers: LayerCounts[] = [];
  private lastPoint: { input: number; interfaceId: number; point: CapturePoint } | undefined;
  /** Point named after an interface → its input's own name, for files that have only that one. */
  private readonly barePoints = new Map<string, string>();
  private readonly segments = emptyCounts();
  /** Unfinished checksums seen leaving their sender (outbound, outside a tunnel): normal. */
  private leavingSender = 0;
  private readonly tunnelDamage = new TunnelDamage();
  private readonly corruptRefs: FrameRef[] = [];
  private readonly corruptFlows = new Set<string>();
  private corruptInner = 0;
  private corruptIpHeaders = 0;
  private corruptMessages = 0;
  private corruptCaughtByTunnel = 0;
  private readonly corrupt: CorruptDetail[] = [];
  private corruptOmitted = 0;
  private readonly unverifiable: Record<string, number> = {};
  private packets = 0;
  private invalid = 0;
  private truncated = 0;

  constructor(options: AnalyzerOptions = {}) {
    this.decoder = new PacketDecoder(options.decode);
    this.maxFlows = options.maxFlows ?? 500;
    this.maxCorrupt = options.maxCorruptDetails ?? 200;
  }

  /** Innermost-segment verdicts so far, for a live capture's status line. */
  get segmentCounts(): Readonly<VerdictCounts> {
    return this.segments;
  }

  /** `interfaceName` names the point input/interface, kept at the end only if the file has several. */
  add(rec: PacketRecord, input: InputContext, interfaceName?: string): void {
    this.packets++;
    const pkt = this.decoder.decode(rec.linkType, rec.data, rec.wireLen);
    if (pkt.invalid !== undefined) this.invalid++;
    if (pkt.truncated) this.truncated++;
    const point = this.point(input, rec, interfaceName);
    point.packets++;
    const direction: Direction = rec.direction !== 'unknown' ? rec.direction : (pkt.linkDirection ?? input.role ?? 'unknown');
    const buf = rec.data;
    for (const ip of pkt.ip) {
      if (ip.version !== 4) continue;
      if (ipv4HeaderValid(buf, ip)) this.layerCounts('ipv4', ip.depth).valid++;
      else {
        this.layerCounts('ipv4', ip.depth).corrupt++;
        this.corruptIpHeaders++;
      }
    }
    const segment = innermostSegment(pkt);
    const checks = this.judged;
    judgeTransport(buf, pkt, checks);
    let segmentCheck: Judgement | undefined;
    let damaged: L4Header | undefined;
    let damagedCheck: Judgement | undefined;
    for (let i = pkt.l4.length - 1; i >= 0; i--) {
      const l4 = pkt.l4[i]!;
      const c = checks[i]!;
      countVerdict(this.layerCounts(l4.protocol, l4.depth), c.verdict);
      if (l4 === segment) segmentCheck = c;
      else if (c.verdict === 'corrupt') {
        damaged = l4;
        damagedCheck = c;
      }
    }
    // A damaged segment inside explains its tunnel's checksum: corruption, which the outer checksum caught.
    const caught = damaged !== undefined && segmentCheck?.verdict === 'corrupt';
    if (caught) this.corruptCaughtByTunnel++;
    // The segment is judged knowing whether its tunnel's checksum was damaged, which decides its fate.
    const tunnelDamaged = damaged !== undefined && !caught;
    const fp = segment !== undefined ? this.addSegment(rec, input, point, pkt, segment, segmentCheck!, direction, tunnelDamaged) : undefined;
    if (tunnelDamaged) this.addTunnelDamage(rec, input, pkt, damaged!, damagedCheck!, segment, fp, direction);
    if (pkt.control !== undefined) this.addMessage(rec, input, pkt, pkt.control, direction);
  }

  /** A frame whose tunnel (outer UDP) checksum is damaged: counted by tunnel endpoints, with the inner SYN's timing. */
  private addTunnelDamage(rec: PacketRecord, input: InputContext, pkt: DecodedPacket, outer: L4Header, c: Judgement, segment: L4Header | undefined, fp: FlowAtPoint | undefined, direction: Direction): void {
    const d = this.tunnelDamage;
    const ip = pkt.ip[outer.ipIndex]!;
    const time = rec.tsSec + rec.tsNsec / 1e9;
    let example: FrameRef | undefined;
    if (d.wantsExample) {
      example = { input: input.index, frame: rec.frame, time, flow: fp?.flow.id ?? `udp ${endpoint(ip.src, outer.srcPort)} > ${endpoint(ip.dst, outer.dstPort)}`, layer: outer.protocol, depth: outer.depth, verdict: c.verdict, stored: c.stored, direction };
      if (c.expected !== undefined) example.expected = c.expected;
    }
    let kind = 'tunnel';
    for (const t of pkt.tunnels) if (t.depth === outer.depth + 1) kind = t.kind;
    d.add(kind, ip.src, ip.dst, example);
    if (fp === undefined) return;
    d.flows.add(fp.flow.id);
    const flags = segment?.tcp?.flags ?? 0;
    if (flags & TCP_SYN && !(flags & TCP_ACK)) d.noteSyn(fp, segment!.tcp!.seq, time);
  }

  /** ICMP, ICMPv6 and IGMP: counted as their own layers; a damaged one is corruption like a segment. */
  private addMessage(rec: PacketRecord, input: InputContext, pkt: DecodedPacket, m: ControlMessage, direction: Direction): void {
    const ip = pkt.ip[m.ipIndex]!;
    const c = classifyMessage(rec.data, ip, m);
    countVerdict(this.layerCounts(c.layer, c.depth), c.verdict);
    if (c.verdict !== 'corrupt') return;
    this.corruptMessages++;
    const time = rec.tsSec + rec.tsNsec / 1e9;
    const ref: FrameRef = { input: input.index, frame: rec.frame, time, flow: `${m.protocol} ${ip.src} > ${ip.dst}`, layer: c.layer, depth: c.depth, verdict: c.verdict, stored: c.stored, direction };
    if (c.expected !== undefined) ref.expected = c.expected;
    this.addCorrupt(ref, rec.data, m.offset);
  }

  /** Accounts the frame's innermost segment; `damagedTunnel`: its tunnel checksum is damaged, which decides its fate. */
  private addSegment(rec: PacketRecord, input: InputContext, point: CapturePoint, pkt: DecodedPacket, l4: L4Header, c: Judgement, direction: Direction, damagedTunnel: boolean): FlowAtPoint {
    const ip = pkt.ip[l4.ipIndex]!;
    const t = pkt.tunnels.length > 0 ? pkt.tunnels[pkt.tunnels.length - 1]! : undefined;
    const inTunnel = t !== undefined && t.depth <= l4.depth;
    const time = rec.tsSec + rec.tsNsec / 1e9;
    const v: Verdict = c.verdict;
    countVerdict(this.segments, v);
    countVerdict(point.segments, v);
    this.timeline.add(time, v);
    const fp = this.flows.lookup(
      l4.protocol,
      ip.src,
      l4.srcPort,
      ip.dst,
      l4.dstPort,
      inTunnel ? t : undefined,
      point.name,
      time,
    );
    const tcp = l4.tcp;
    const flags = tcp?.flags ?? 0;
    const seq = tcp?.seq ?? 0;
    const resent = this.flows.add(fp, time, l4.payloadLength, v, seq, tcp?.ack ?? 0, flags);
    const end = sequenceEnd(seq, l4.payloadLength, flags);
    if (damagedTunnel) this.flows.notePending(fp, 'damagedTunnel', end, resent, direction === 'inbound', true, undefined);
    if (v === 'valid') return fp;
    if (v === 'unverifiable' || v === 'absent') {
      const why = c.reason ?? v;
      this.unverifiable[why] = (this.unverifiable[why] ?? 0) + 1;
      return fp;
    }
    // Unfinished leaving its sender is what Linux does; behind a damaged tunnel checksum, that damage decides its fate.
    const judged = v === 'corrupt' || !(damagedTunnel || (l4.depth === 0 && direction === 'outbound'));
    if (!judged) {
      if (!damagedTunnel) this.leavingSender++;
      return fp;
    }
    const ref: FrameRef = { input: input.index, frame: rec.frame, time, flow: fp.flow.id, layer: l4.protocol, depth: l4.depth, verdict: v, stored: c.stored, direction };
    if (c.expected !== undefined) ref.expected = c.expected;
    if (tcp) {
      ref.seq = tcp.seq;
      ref.flags = flagString(flags);
      this.flows.noteBad(fp, tcp.seq, flags, l4.payloadLength, ref);
    }
    if (v === 'offload') this.flows.notePending(fp, 'unfinished', end, resent, direction === 'inbound', inTunnel, ref);
    else {
      if (l4.depth > 0) this.corruptInner++;
      this.addCorrupt(ref, rec.data, l4.offset);
    }
    return fp;
  }

  /** A damaged checksum shown byte by byte from `at`, the header it covers. */
  private addCorrupt(ref: FrameRef, data: Buffer, at: number): void {
    this.corruptFlows.add(ref.flow);
    if (this.corruptRefs.length < 10) this.corruptRefs.push(ref);
    if (this.corrupt.length >= this.maxCorrupt) {
      this.corruptOmitted++;
      return;
    }
    const end = Math.min(data.length, at + HEX_BYTES);
    this.corrupt.push({ ...ref, hexOffset: at, hex: data.subarray(at, end).toString('hex') });
  }

  private layerCounts(layer: ChecksumLayer, depth: number): VerdictCounts {
    const key = depth * LAYERS + layerIndex(layer);
    let l = this.layers[key];
    if (l === undefined) {
      l = { layer, depth, counts: emptyCounts() };
      this.layers[key] = l;
    }
    return l.counts;
  }

  private point(input: InputContext, rec: PacketRecord, interfaceName: string | undefined): CapturePoint {
    const last = this.lastPoint;
    if (last !== undefined && last.input === input.index && last.interfaceId === rec.interfaceId) return last.point;
    const name = interfaceName === undefined ? input.point : `${input.point}/${interfaceName}`;
    let p = this.points.get(name);
    if (p === undefined) {
      p = { name, input: input.index, packets: 0, segments: emptyCounts() };
      if (interfaceName !== undefined) {
        p.interfaceId = rec.interfaceId;
        this.barePoints.set(name, input.point);
      }
      if (input.role) p.direction = input.role;
      this.points.set(name, p);
    }
    this.lastPoint = { input: input.index, interfaceId: rec.interfaceId, point: p };
    return p;
  }

  finish(summaries: CaptureSummary[]): Analysis {
    const inputs: AnalysisInput[] = summaries.map((s) => {
      const i: AnalysisInput = {
        path: s.path,
        format: s.format,
        gzip: s.gzip,
        packets: s.packets,
        bytes: s.bytes,
        interfaces: s.interfaces.map((f) => (f.name === undefined ? { id: f.id, linkType: f.linkType } : { id: f.id, name: f.name, linkType: f.linkType })),
      };
      if (s.error !== undefined) i.error = s.error;
      if (s.warning !== undefined) i.warning = s.warning;
      return i;
    });
    // A point named after its interface keeps the name only if its file turned out to have several.
    const rename = new Map<string, string>();
    for (const p of this.points.values()) {
      if (p.interfaceId === undefined || (summaries[p.input]?.interfaces.length ?? 0) > 1) continue;
      const bare = this.barePoints.get(p.name)!;
      rename.set(p.name, bare);
      p.name = bare;
      delete p.interfaceId;
    }
    const { flows, omitted } = this.flows.summaries(this.maxFlows);
    if (rename.size > 0) for (const f of flows) f.points = f.points.map((n) => rename.get(n) ?? n);
    const damage = this.tunnelDamage;
    const damagedFates = this.flows.fates('damagedTunnel');
    const answered = new Set(damagedFates.filter((f) => f.acknowledged).map((f) => f.flowId));
    const findings = deriveFindings({
      segments: this.segments,
      unfinished: judgeUnfinished(this.flows.fates('unfinished'), this.leavingSender),
      corrupt: {
        segments: this.segments.corrupt,
        inner: this.corruptInner,
        ipHeaders: this.corruptIpHeaders,
        messages: this.corruptMessages,
        caughtByTunnel: this.corruptCaughtByTunnel,
        flows: [...this.corruptFlows],
        examples: this.corruptRefs,
      },
      tunnel: {
        frames: damage.frames,
        endpoints: damage.endpoints(),
        examples: damage.examples,
        flows: [...damage.flows],
        outcome: judgeDamaged(damagedFates),
        syn: damage.mostResentSyn((id) => answered.has(id)),
      },
      blackholes: this.flows.unanswered(2),
    });
    const counters = countersOf(summaries);
    attachCounterEvidence(findings, flows, counters);
    return {
      schema: ANALYSIS_SCHEMA,
      generatedAt: new Date().toISOString(),
      inputs,
      packets: this.packets,
      segments: { ...this.segments },
      findings,
      flows,
      flowsOmitted: omitted,
      timeline: this.timeline.snapshot(),
      points: [...this.points.values()],
      layers: this.layers.filter((l) => l !== undefined),
      corrupt: this.corrupt,
      corruptOmitted: this.corruptOmitted,
      invalidPackets: this.invalid,
      truncatedPackets: this.truncated,
      unverifiableReasons: { ...this.unverifiable },
      ...(counters.length > 0 ? { receiverCounters: counters } : {}),
    };
  }
}

/** A switch, not a lookup by computed key, which is megamorphic on this per-frame path. */
function layerIndex(layer: ChecksumLayer): number {
  switch (layer) {
    case 'ipv4':
      return 0;
    case 'tcp':
      return 1;
    case 'udp':
      return 2;
    case 'icmp':
      return 3;
    case 'icmpv6':
      return 4;
    case 'igmp':
      return 5;
  }
}

/** The innermost TCP/UDP header that is not itself a tunnel carrier: the frame's "segment". */
export function innermostSegment(pkt: DecodedPacket): L4Header | undefined {
  for (let i = pkt.l4.length - 1; i >= 0; i--) if (!pkt.l4[i]!.carrier) return pkt.l4[i];
  return undefined;
}
