// Turns a stream of capture records into an Analysis: decode, classify every checksum, account
// the innermost segment of each frame to its flow, point and time bucket, then judge unfinished
// and tunnel-damaged segments by their outcome and derive findings.
// Memory grows with flows and points, never with the number of packets.

import { classifyMessage, ipv4HeaderValid, judgeTransport, type Judgement } from '../checksum/classify.js';
import { VERDICTS, type ChecksumLayer, type Verdict } from '../checksum/types.js';
import { innermostSegment, PacketDecoder, sequenceEnd, TCP_ACK, TCP_SYN, type ControlMessage, type DecodeOptions, type DecodedPacket, type L4Header } from '../decode/index.js';
import type { CaptureSummary, Direction, PacketRecord } from '../pcap/types.js';
import { endpoint } from './endpoint.js';
import { deriveFindings } from './findings.js';
import { FlowTable, type FlowAtPoint } from './flow-table.js';
import { judgeDamaged, judgeUnfinished } from './outcome.js';
import {
  SEG_BAD,
  SEG_DAMAGED_TUNNEL,
  SEG_FLAGS_SHIFT,
  SEG_IN_TUNNEL,
  SEG_INBOUND,
  SEG_SYN_DAMAGED,
  SEG_UNFINISHED,
  SegmentEntries,
  type FlowKey,
  type SegmentBatch,
  type SegmentLog,
} from './segment-log.js';
import { flagString } from './tcp-flags.js';
import { Timeline } from './timeline.js';
import { RANGE_PAIRS, TunnelDamage, type TunnelDamagePart } from './tunnel-damage.js';
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
  /**
   * A worker's analyzer over one range of a file: segments go to this log, which the main thread
   * replays (replay()) after merging the rest (part() → absorb()), instead of to its own flows.
   */
  log?: SegmentLog;
}

/** What an analyzer over a range of a file counted, apart from its segment log: merged in file order by absorb(). */
export interface AnalyzerPart {
  packets: number;
  invalid: number;
  truncated: number;
  points: CapturePoint[];
  barePoints: [string, string][];
  layers: LayerCounts[];
  segments: VerdictCounts;
  leavingSender: number;
  tunnel: TunnelDamagePart;
  corruptRefs: FrameRef[];
  corruptFlows: string[];
  corruptInner: number;
  corruptIpHeaders: number;
  corruptMessages: number;
  corruptCaughtByTunnel: number;
  corrupt: CorruptDetail[];
  corruptOmitted: number;
  unverifiable: Record<string, number>;
}

/** Where a replayed range's flow keys resolve to, in the order the range first used them. */
export type ReplayKeys = (FlowAtPoint | FlowKey)[];

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
  private readonly log: SegmentLog | undefined;
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
  private readonly tunnelDamage: TunnelDamage;
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
  /** Where the current frame starts in the buffer its offsets are in (PacketDecoder.decodeAt). */
  private start = 0;
  private invalid = 0;
  private truncated = 0;

  constructor(options: AnalyzerOptions = {}) {
    // No header names: the analysis reads none.
    this.decoder = new PacketDecoder(options.decode, false);
    this.log = options.log;
    this.tunnelDamage = new TunnelDamage(options.log === undefined ? undefined : RANGE_PAIRS);
    this.maxFlows = options.maxFlows ?? 500;
    this.maxCorrupt = options.maxCorruptDetails ?? 200;
  }

  /** Innermost-segment verdicts so far, for a live capture's status line. */
  get segmentCounts(): Readonly<VerdictCounts> {
    return this.segments;
  }

  /**
   * A record as a reader hands it: a pcapng with several interfaces is one point per interface; the
   * analyzer drops the interface from the name at the end if the file had only one (its blocks may come late).
   */
  addRecord(rec: PacketRecord, summary: CaptureSummary, input: InputContext): void {
    const iface = summary.format === 'pcapng' ? summary.interfaces[rec.interfaceId] : undefined;
    this.add(rec, input, iface === undefined ? undefined : (iface.name ?? `if${iface.id}`));
  }

  /** `interfaceName` names the point input/interface, kept at the end only if the file has several. */
  add(rec: PacketRecord, input: InputContext, interfaceName?: string): void {
    this.packets++;
    // A refilled record's bytes are read where they lie in the reader's chunk, without a view per frame.
    const chunk = rec.chunk;
    const buf = chunk ?? rec.data;
    const start = chunk === undefined ? 0 : rec.dataAt!;
    const capEnd = start + rec.capLen;
    const pkt = this.decoder.decodeAt(rec.linkType, buf, start, rec.capLen, rec.wireLen);
    if (pkt.invalid !== undefined) this.invalid++;
    if (pkt.truncated) this.truncated++;
    const point = this.point(input, rec, interfaceName);
    point.packets++;
    const direction: Direction = rec.direction !== 'unknown' ? rec.direction : (pkt.linkDirection ?? input.role ?? 'unknown');
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
    judgeTransport(buf, pkt, checks, capEnd);
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
    this.start = start;
    const flow = segment !== undefined ? this.addSegment(rec, input, point, pkt, segment, segmentCheck!, direction, tunnelDamaged) : undefined;
    if (tunnelDamaged) this.addTunnelDamage(rec, input, pkt, damaged!, damagedCheck!, flow, direction);
    if (pkt.control !== undefined) this.addMessage(rec, input, pkt, pkt.control, direction);
  }

  /** A frame whose tunnel (outer UDP) checksum is damaged: counted by tunnel endpoints (its inner SYN's timing is in addSegment). */
  private addTunnelDamage(rec: PacketRecord, input: InputContext, pkt: DecodedPacket, outer: L4Header, c: Judgement, flow: string | undefined, direction: Direction): void {
    const d = this.tunnelDamage;
    const ip = pkt.ip[outer.ipIndex]!;
    let example: FrameRef | undefined;
    if (d.wantsExample) {
      const time = rec.tsSec + rec.tsNsec / 1e9;
      example = { input: input.index, frame: rec.frame, time, flow: flow ?? `udp ${endpoint(ip.src, outer.srcPort)} > ${endpoint(ip.dst, outer.dstPort)}`, layer: outer.protocol, depth: outer.depth, verdict: c.verdict, stored: c.stored, direction };
      if (c.expected !== undefined) example.expected = c.expected;
    }
    let kind = 'tunnel';
    for (const t of pkt.tunnels) if (t.depth === outer.depth + 1) kind = t.kind;
    d.add(kind, ip.src, ip.dst, example);
    if (flow !== undefined) d.flows.add(flow);
  }

  /** ICMP, ICMPv6 and IGMP: counted as their own layers; a damaged one is corruption like a segment. */
  private addMessage(rec: PacketRecord, input: InputContext, pkt: DecodedPacket, m: ControlMessage, direction: Direction): void {
    const ip = pkt.ip[m.ipIndex]!;
    const c = classifyMessage(rec.chunk ?? rec.data, ip, m);
    countVerdict(this.layerCounts(c.layer, c.depth), c.verdict);
    if (c.verdict !== 'corrupt') return;
    this.corruptMessages++;
    const time = rec.tsSec + rec.tsNsec / 1e9;
    const ref: FrameRef = { input: input.index, frame: rec.frame, time, flow: `${m.protocol} ${ip.src} > ${ip.dst}`, layer: c.layer, depth: c.depth, verdict: c.verdict, stored: c.stored, direction };
    if (c.expected !== undefined) ref.expected = c.expected;
    this.addCorrupt(ref, rec, m.offset);
  }

  /** Judges the frame's innermost segment and accounts it (or logs it); `damagedTunnel`: its tunnel checksum is damaged, which decides its fate. Returns its flow id. */
  private addSegment(rec: PacketRecord, input: InputContext, point: CapturePoint, pkt: DecodedPacket, l4: L4Header, c: Judgement, direction: Direction, damagedTunnel: boolean): string {
    const ip = pkt.ip[l4.ipIndex]!;
    const t = pkt.tunnels.length > 0 ? pkt.tunnels[pkt.tunnels.length - 1]! : undefined;
    const inTunnel = t !== undefined && t.depth <= l4.depth;
    const time = rec.tsSec + rec.tsNsec / 1e9;
    const v: Verdict = c.verdict;
    countVerdict(this.segments, v);
    countVerdict(point.segments, v);
    const log = this.log;
    let fp: FlowAtPoint | undefined;
    let key = 0;
    let flow: string;
    if (log === undefined) {
      fp = this.flows.lookup(l4.protocol, ip.src, l4.srcPort, ip.dst, l4.dstPort, inTunnel ? t : undefined, point.name, time);
      flow = fp.flow.id;
    } else {
      key = log.key(l4.protocol, ip.src, l4.srcPort, ip.dst, l4.dstPort, inTunnel ? t : undefined, point.name);
      flow = log.flowId(key);
    }
    const tcp = l4.tcp;
    const flags = tcp?.flags ?? 0;
    let bits = verdictIndex(v) | (flags << SEG_FLAGS_SHIFT);
    if (damagedTunnel) bits |= SEG_DAMAGED_TUNNEL;
    if (direction === 'inbound') bits |= SEG_INBOUND;
    if (inTunnel) bits |= SEG_IN_TUNNEL;
    if (damagedTunnel && flags & TCP_SYN && !(flags & TCP_ACK)) bits |= SEG_SYN_DAMAGED;
    let ref: FrameRef | undefined;
    if (v === 'unverifiable' || v === 'absent') {
      const why = c.reason ?? v;
      this.unverifiable[why] = (this.unverifiable[why] ?? 0) + 1;
    } else if (v !== 'valid') {
      // Unfinished leaving its sender is what Linux does; behind a damaged tunnel checksum, that damage decides its fate.
      const judged = v === 'corrupt' || !(damagedTunnel || (l4.depth === 0 && direction === 'outbound'));
      if (!judged) {
        if (!damagedTunnel) this.leavingSender++;
      } else if (v === 'offload' && tcp === undefined && fp !== undefined && !this.flows.wantsPendingExample(fp, 'unfinished')) {
        // An unfinished UDP checksum's frame is only ever one of its flow's first examples: once they are kept, none is built.
        bits |= SEG_UNFINISHED;
      } else {
        ref = { input: input.index, frame: rec.frame, time, flow, layer: l4.protocol, depth: l4.depth, verdict: v, stored: c.stored, direction };
        if (c.expected !== undefined) ref.expected = c.expected;
        if (tcp) {
          ref.seq = tcp.seq;
          ref.flags = flagString(flags);
          bits |= SEG_BAD;
        }
        if (v === 'offload') bits |= SEG_UNFINISHED;
        else {
          if (l4.depth > 0) this.corruptInner++;
          this.addCorrupt(ref, rec, l4.offset);
        }
      }
    }
    const seq = tcp?.seq ?? 0;
    const ack = tcp?.ack ?? 0;
    if (fp !== undefined) this.account(fp, time, seq, ack, l4.payloadLength, bits, ref);
    else log!.write(key, time, seq, ack, l4.payloadLength, bits, ref);
    return flow;
  }

  /** What only the whole capture in order tells: the timeline, each flow's retransmissions, acknowledgements, and segments whose fate the outcome decides. */
  private account(fp: FlowAtPoint, time: number, seq: number, ack: number, payloadLength: number, bits: number, ref: FrameRef | undefined): void {
    const v = VERDICTS[bits & 7]!;
    const flags = (bits >>> SEG_FLAGS_SHIFT) & 0xfff;
    this.timeline.add(time, v);
    const resent = this.flows.add(fp, time, payloadLength, v, seq, ack, flags);
    const end = sequenceEnd(seq, payloadLength, flags);
    const inbound = (bits & SEG_INBOUND) !== 0;
    if (bits & SEG_DAMAGED_TUNNEL) this.flows.notePending(fp, 'damagedTunnel', end, resent, inbound, true, undefined);
    if (bits & SEG_BAD) this.flows.noteBad(fp, seq, flags, payloadLength, ref!);
    if (bits & SEG_UNFINISHED) this.flows.notePending(fp, 'unfinished', end, resent, inbound, (bits & SEG_IN_TUNNEL) !== 0, ref);
    if (bits & SEG_SYN_DAMAGED) this.tunnelDamage.noteSyn(fp, seq, time);
  }

  /**
   * Replays one batch of a range's segment log, in order; `keys` collects the range's flow keys
   * across its batches, `frames` is the count of records in the file before the range.
   */
  replay(batch: SegmentBatch, keys: ReplayKeys, frames: number): void {
    for (const k of batch.keys) keys.push(k);
    for (const r of batch.refs) r.frame += frames;
    const e = new SegmentEntries(batch.buffer);
    const words = e.words;
    for (let n = 0; n < batch.count; n++) {
      const w = n * 8 + 2;
      const time = e.time[n * 4]!;
      const i = words[w]!;
      let fp = keys[i]!;
      // A flow enters the table when its first segment is replayed: the order the single-core path sees it.
      if (!('flow' in fp)) {
        fp = this.flows.lookup(fp.protocol, fp.src, fp.srcPort, fp.dst, fp.dstPort, fp.tunnel, fp.point, time);
        keys[i] = fp;
      }
      const r = words[w + 5]!;
      this.account(fp, time, words[w + 1]!, words[w + 2]!, words[w + 3]!, words[w + 4]!, r === 0 ? undefined : batch.refs[r - 1]);
    }
  }

  /** A damaged checksum shown byte by byte from `at` (an offset as decodeAt gave it), the header it covers. */
  private addCorrupt(ref: FrameRef, rec: PacketRecord, at: number): void {
    this.corruptFlows.add(ref.flow);
    if (this.corruptRefs.length < 10) this.corruptRefs.push(ref);
    if (this.corrupt.length >= this.maxCorrupt) {
      this.corruptOmitted++;
      return;
    }
    const buf = rec.chunk ?? rec.data;
    const start = this.start;
    const end = Math.min(start + rec.capLen, at + HEX_BYTES);
    this.corrupt.push({ ...ref, hexOffset: at - start, hex: buf.subarray(at, end).toString('hex') });
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

  /** What this range's analyzer counted besides its log, for absorb() in the main thread. */
  part(): AnalyzerPart {
    return {
      packets: this.packets,
      invalid: this.invalid,
      truncated: this.truncated,
      points: [...this.points.values()],
      barePoints: [...this.barePoints],
      layers: this.layers.filter((l) => l !== undefined),
      segments: this.segments,
      leavingSender: this.leavingSender,
      tunnel: this.tunnelDamage.part(),
      corruptRefs: this.corruptRefs,
      corruptFlows: [...this.corruptFlows],
      corruptInner: this.corruptInner,
      corruptIpHeaders: this.corruptIpHeaders,
      corruptMessages: this.corruptMessages,
      corruptCaughtByTunnel: this.corruptCaughtByTunnel,
      corrupt: this.corrupt,
      corruptOmitted: this.corruptOmitted,
      unverifiable: this.unverifiable,
    };
  }

  /**
   * Adds a range's part after the ranges before it (`frames` records of the file came before it):
   * counts add up, lists keep their first entries in capture order.
   */
  absorb(part: AnalyzerPart, frames: number): void {
    this.packets += part.packets;
    this.invalid += part.invalid;
    this.truncated += part.truncated;
    this.lastPoint = undefined;
    for (const p of part.points) {
      const mine = this.points.get(p.name);
      if (mine === undefined) this.points.set(p.name, p);
      else {
        mine.packets += p.packets;
        addCounts(mine.segments, p.segments);
      }
    }
    for (const [name, bare] of part.barePoints) this.barePoints.set(name, bare);
    for (const l of part.layers) addCounts(this.layerCounts(l.layer, l.depth), l.counts);
    addCounts(this.segments, part.segments);
    this.leavingSender += part.leavingSender;
    for (const r of part.corruptRefs) if (this.corruptRefs.length < 10) this.corruptRefs.push({ ...r, frame: r.frame + frames });
    for (const f of part.corruptFlows) this.corruptFlows.add(f);
    this.corruptInner += part.corruptInner;
    this.corruptIpHeaders += part.corruptIpHeaders;
    this.corruptMessages += part.corruptMessages;
    this.corruptCaughtByTunnel += part.corruptCaughtByTunnel;
    this.corruptOmitted += part.corruptOmitted;
    for (const c of part.corrupt) {
      if (this.corrupt.length < this.maxCorrupt) this.corrupt.push({ ...c, frame: c.frame + frames });
      else this.corruptOmitted++;
    }
    for (const [why, n] of Object.entries(part.unverifiable)) this.unverifiable[why] = (this.unverifiable[why] ?? 0) + n;
    this.tunnelDamage.absorb(part.tunnel, frames);
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

function addCounts(to: VerdictCounts, from: VerdictCounts): void {
  for (const v of VERDICTS) to[v] += from[v];
}

/** The verdict's index in VERDICTS, by a switch like layerIndex. */
function verdictIndex(v: Verdict): number {
  switch (v) {
    case 'valid':
      return 0;
    case 'offload':
      return 1;
    case 'corrupt':
      return 2;
    case 'unverifiable':
      return 3;
    case 'absent':
      return 4;
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
