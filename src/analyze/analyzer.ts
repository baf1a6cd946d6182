// Turns a stream of capture records into an Analysis: decode, classify every checksum, account
// the innermost segment of each frame to its flow, point and time bucket, then derive findings.
// Memory grows with flows and points, never with the number of packets.

import { classifyL4, ipv4HeaderValid } from '../checksum/classify.js';
import type { ChecksumCheck, ChecksumLayer, Verdict } from '../checksum/types.js';
import { decodePacket, DEFAULT_DECODE_OPTIONS, type DecodeOptions, type DecodedPacket, type L4Header } from '../decode/index.js';
import type { CaptureSummary, Direction, PacketRecord } from '../pcap/types.js';
import { deriveFindings, type OffloadTally } from './findings.js';
import { FlowTable, type FlowAtPoint } from './flow-table.js';
import { flagString } from './tcp-flags.js';
import { Timeline } from './timeline.js';
import {
  ANALYSIS_SCHEMA,
  emptyCounts,
  type Analysis,
  type AnalysisInput,
  type CapturePoint,
  type CorruptDetail,
  type FrameRef,
  type LayerCounts,
  type VerdictCounts,
} from './types.js';

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

export class Analyzer {
  private readonly decode: DecodeOptions;
  private readonly maxFlows: number;
  private readonly maxCorrupt: number;
  private readonly flows = new FlowTable();
  private readonly timeline = new Timeline();
  private readonly points = new Map<string, CapturePoint>();
  /** Indexed by depth * 3 + layer (ipv4, tcp, udp). */
  private readonly layers: LayerCounts[] = [];
  private lastPoint: { input: number; interfaceId: number; point: CapturePoint } | undefined;
  /** Point named after an interface → its input's own name, for files that have only that one. */
  private readonly barePoints = new Map<string, string>();
  private readonly segments = emptyCounts();
  private readonly offload: OffloadTally = {
    leaked: 0,
    leakedInbound: 0,
    leakedInTunnel: 0,
    benignOutbound: 0,
    acceptedInbound: 0,
    inboundUnconfirmed: 0,
    unknownDirection: 0,
    examples: [],
    flows: new Set(),
  };
  private readonly corruptRefs: FrameRef[] = [];
  private readonly corruptFlows = new Set<string>();
  private corruptOuter = 0;
  private corruptInner = 0;
  private corruptIpHeaders = 0;
  private readonly corrupt: CorruptDetail[] = [];
  private corruptOmitted = 0;
  private readonly unverifiable: Record<string, number> = {};
  private packets = 0;
  private invalid = 0;
  private truncated = 0;

  constructor(options: AnalyzerOptions = {}) {
    this.decode = options.decode ?? DEFAULT_DECODE_OPTIONS;
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
    const pkt = decodePacket(rec.linkType, rec.data, rec.wireLen, this.decode);
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
    for (const l4 of pkt.l4) {
      const c = classifyL4(buf, pkt.ip[l4.ipIndex]!, l4);
      this.layerCounts(c.layer, c.depth)[c.verdict]++;
      if (l4 === segment) this.addSegment(rec, input, point, pkt, l4, c, direction);
      else if (c.verdict === 'corrupt') this.corruptOuter++;
    }
  }

  private addSegment(rec: PacketRecord, input: InputContext, point: CapturePoint, pkt: DecodedPacket, l4: L4Header, c: ChecksumCheck, direction: Direction): void {
    const ip = pkt.ip[l4.ipIndex]!;
    const t = pkt.tunnels.length > 0 ? pkt.tunnels[pkt.tunnels.length - 1]! : undefined;
    const inTunnel = t !== undefined && t.depth <= l4.depth;
    const time = rec.tsSec + rec.tsNsec / 1e9;
    const v: Verdict = c.verdict;
    this.segments[v]++;
    point.segments[v]++;
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
    this.flows.add(fp, time, l4.payloadLength, v, tcp?.seq ?? 0, tcp?.ack ?? 0, tcp?.flags ?? 0);
    if (v === 'valid') return;
    if (v === 'unverifiable' || v === 'absent') {
      const why = c.reason ?? v;
      this.unverifiable[why] = (this.unverifiable[why] ?? 0) + 1;
      return;
    }
    const ref: FrameRef = { input: input.index, frame: rec.frame, time, flow: fp.flow.id, layer: c.layer, depth: c.depth, verdict: v, stored: c.stored, direction };
    if (c.expected !== undefined) ref.expected = c.expected;
    if (tcp) {
      ref.seq = tcp.seq;
      ref.flags = flagString(tcp.flags);
      this.flows.noteBad(fp, tcp.seq, tcp.flags, l4.payloadLength, ref);
    }
    if (v === 'offload') this.addOffload(ref, l4.depth, direction, fp, tcp?.seq ?? 0);
    else this.addCorrupt(ref, rec.data, l4);
  }

  /**
   * Offload verdicts are benign leaving the sender and a leak once inside a tunnel. Received
   * outside a tunnel they are judged at the end by the answer: a veth pair hands the receiving
   * kernel the skb still marked CHECKSUM_PARTIAL, which it accepts; a userspace datapath does not.
   */
  private addOffload(ref: FrameRef, depth: number, direction: Direction, fp: FlowAtPoint, seq: number): void {
    const o = this.offload;
    if (depth >= 1) {
      o.leaked++;
      o.leakedInTunnel++;
      if (direction === 'inbound') o.leakedInbound++;
      o.flows.add(ref.flow);
      if (o.examples.length < 10) o.examples.push(ref);
    } else if (direction === 'inbound') {
      this.flows.noteInboundOffload(fp, seq, ref);
    } else if (direction === 'outbound') {
      o.benignOutbound++;
    } else {
      o.unknownDirection++;
    }
  }

  private addCorrupt(ref: FrameRef, data: Buffer, l4: L4Header): void {
    this.corruptFlows.add(ref.flow);
    if (l4.depth > 0) this.corruptInner++;
    if (this.corruptRefs.length < 10) this.corruptRefs.push(ref);
    if (this.corrupt.length >= this.maxCorrupt) {
      this.corruptOmitted++;
      return;
    }
    const end = Math.min(data.length, l4.offset + HEX_BYTES);
    this.corrupt.push({ ...ref, hexOffset: l4.offset, hex: data.subarray(l4.offset, end).toString('hex') });
  }

  private layerCounts(layer: ChecksumLayer, depth: number): VerdictCounts {
    const key = depth * 3 + (layer === 'ipv4' ? 0 : layer === 'tcp' ? 1 : 2);
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

  /** The offload tally with received segments judged by their flows' answers. */
  private offloadTally(): OffloadTally {
    const o = this.offload;
    const inbound = this.flows.inboundOffloadOutcome();
    return {
      ...o,
      leaked: o.leaked + inbound.dropped,
      leakedInbound: o.leakedInbound + inbound.dropped,
      acceptedInbound: inbound.accepted,
      inboundUnconfirmed: inbound.unconfirmed,
      examples: [...o.examples, ...inbound.examples].slice(0, 10),
      flows: new Set([...o.flows, ...inbound.droppedFlows]),
    };
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
    const findings = deriveFindings({
      segments: this.segments,
      offload: this.offloadTally(),
      corrupt: {
        segments: this.segments.corrupt,
        inner: this.corruptInner,
        outerL4: this.corruptOuter,
        ipHeaders: this.corruptIpHeaders,
        flows: [...this.corruptFlows],
        examples: this.corruptRefs,
      },
      blackholes: this.flows.unanswered(2),
      flows: this.flows,
    });
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
    };
  }
}

/** The innermost TCP/UDP header that is not itself a tunnel carrier: the frame's "segment". */
export function innermostSegment(pkt: DecodedPacket): L4Header | undefined {
  for (let i = pkt.l4.length - 1; i >= 0; i--) if (!pkt.l4[i]!.carrier) return pkt.l4[i];
  return undefined;
}
