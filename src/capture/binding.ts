// The optional libpcap binding (node_pcap, package `pcap`), loaded at run time so the project
// builds and runs without it: when it cannot load, capture falls back to tcpdump.

import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';

export interface PcapStats {
  ps_recv: number;
  ps_drop: number;
  ps_ifdrop: number;
}

/** One delivered frame: `buf` and `header` are reused for the next one, so copy before returning. */
export interface PcapPacket {
  buf: Buffer;
  /** struct pcap_pkthdr in host order: ts seconds (low 32 bits), ts microseconds, caplen, len. */
  header: Buffer;
}

export interface PcapSession extends EventEmitter {
  /** "LINKTYPE_ETHERNET"…, or "Unknown linktype N" for the rest. */
  readonly link_type: string;
  stats(): PcapStats;
  close(): void;
}

export interface PcapModule {
  createSession(
    iface: string,
    options: { filter?: string; buffer_size?: number; snap_length?: number; buffer_timeout?: number; promiscuous?: boolean },
  ): PcapSession;
}

export type LoadedBinding = { pcap: PcapModule } | { error: string };

export function loadPcapBinding(): LoadedBinding {
  try {
    return { pcap: createRequire(import.meta.url)('pcap') as PcapModule };
  } catch (e) {
    return { error: (e as Error).message.split('\n')[0] ?? String(e) };
  }
}

// node_pcap names five DLT values; pcap files carry LINKTYPE numbers (DLT_RAW is 12 on Linux, LINKTYPE_RAW 101).
const LINK_TYPES: Record<string, number> = {
  LINKTYPE_NULL: 0,
  LINKTYPE_ETHERNET: 1,
  LINKTYPE_RAW: 101,
  LINKTYPE_LINUX_SLL: 113,
  LINKTYPE_IEEE802_11_RADIO: 127,
};

/** The LINKTYPE number of node_pcap's link_type string; other DLTs equal their LINKTYPE on Linux. */
export function linkTypeNumber(name: string): number {
  const known = LINK_TYPES[name];
  if (known !== undefined) return known;
  const m = /^Unknown linktype (\d+)$/.exec(name);
  if (m) return Number(m[1]);
  throw new Error(`libpcap reported an unknown link type: ${name}`);
}
