// What the native engine (native/ovsf-capture.c) says on its stderr, one JSON object a line:
// {"ready":true,"linkType":N} once capturing, these counters once a second and a last time
// ({"final":true}) after SIGINT/SIGTERM, or {"error":"..."} before exit 3 (bad arguments) or 4
// (libpcap could not open the interface or compile the filter). Its argv: source.ts.

/** libpcap's counters (pcap_stats): passed the filter, dropped by the kernel, by the interface. */
export interface ChildStats {
  recv: number;
  drop: number;
  ifdrop: number;
  final: boolean;
}
