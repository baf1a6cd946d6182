// What the parent passes to a capture child (argv) and reads back from its stderr (JSON lines).

export interface ChildConfig {
  iface: string;
  filter: string;
  snapLen: number;
  bufferBytes: number;
  /** The child stops when its parent changes (the parent was killed). */
  parentPid: number;
}

/** libpcap's counters (pcap_stats): passed the filter, dropped by the kernel, by the interface. */
export interface ChildStats {
  recv: number;
  drop: number;
  ifdrop: number;
  final: boolean;
}
