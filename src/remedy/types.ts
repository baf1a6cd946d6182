// What `doctor` learns and what `fix` does, as plain JSON: every fact carries the command line it
// came from, so a reader can re-run it; a fact that could not be read carries the error instead.

import type { ChecksumCounters } from '../host/checksum-counters.js';
import type { EthtoolFeature } from '../host/ethtool.js';
import type { Target } from '../target/types.js';

export const DOCTOR_SCHEMA = 'ovsforensics.doctor/1';
export const FIX_SCHEMA = 'ovsforensics.fix/1';

export type { Target };

/** tunnel: a kernel VXLAN/Geneve device on the peer's bridge (an OVS tunnel port is in `ovs.tunnels`). */
export type InterfaceRole = 'container' | 'peer' | 'tunnel' | 'underlay';

export interface InterfaceFacts {
  role: InterfaceRole;
  name: string;
  /** Where it lives, in words: "container test_mac (pid 4242)", "netns ovsf-hostA", "host". */
  where: string;
  kind?: string;
  mtu?: number;
  ifindex?: number;
  address?: string;
  /** The Linux bridge it is a port of. */
  master?: string;
  /** A kernel tunnel device's type, far end and UDP port. */
  tunnel?: { type: string; remote?: string; port?: number };
  driver?: { driver: string; version: string; firmware: string; busInfo: string; command: string };
  /** The checksum and segmentation features doctor looks at (ethtool -k names). */
  features?: { values: Record<string, EthtoolFeature>; command: string };
  /** Checksum drops counted so far: its namespace's *InCsumErrors and its driver's csum counters. */
  checksumCounters?: ChecksumCounters;
  /** How it was found (ip -j link, ip route get, ovs-vsctl list-ports). */
  foundBy: string[];
  errors: string[];
}

export interface OvsFacts {
  db: string;
  /** Why this database: --ovs-db, the ovs-vswitchd running in the peer's namespace, or the default. */
  dbSource: string;
  version?: string;
  versionCommand?: string;
  bridges: { name: string; datapathType: string }[];
  bridgesCommand: string;
  userspaceTso: boolean;
  otherConfigCommand: string;
  tunnels: { name: string; type: string; options: Record<string, string> }[];
  tunnelsCommand: string;
}

export interface KernelFacts {
  release: string;
  command: string;
  /** Before 4.4, veth marked unverified packets CHECKSUM_UNNECESSARY (fixed by ce8c839b74e3). */
  vethChecksumBug: boolean;
}

export type RiskSeverity = 'critical' | 'high' | 'medium' | 'low';

export interface Risk {
  id: string;
  severity: RiskSeverity;
  summary: string;
  reason: string;
  /** The commands whose output shows it. */
  evidence: string[];
}

export interface DoctorFacts {
  schema: typeof DOCTOR_SCHEMA;
  collectedAt: string;
  hostname: string;
  target?: Omit<Target, 'netns'> & { netns: string };
  kernel?: KernelFacts;
  interfaces: InterfaceFacts[];
  ovs?: OvsFacts;
  /** Facts that could not be read, each with its command and why. */
  errors: string[];
  risks: Risk[];
}
