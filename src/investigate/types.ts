// What `investigate` found, as its renderers take it: the `investigate --json` contract
// ("ovsforensics.investigation/1", docs/schema/investigation.schema.json: change both together).

import type { Hop, HostClocks } from '../analyze/correlate/types.js';
import type { Finding } from '../analyze/types.js';
import type { AdviceId, Side } from '../remedy/advice/index.js';
import type { FixOutcome } from '../remedy/fix.js';
import type { ProbeResult } from '../probe/index.js';
import type { Recommendation } from '../remedy/recommend.js';
import type { DoctorFacts } from '../remedy/types.js';
import type { HostFacts } from '../report/report-types.js';

export const INVESTIGATION_SCHEMA = 'ovsforensics.investigation/1';

/** What happened at one place of the path. */
export const HOP_STATES = ['clean', 'damaged', 'dropped', 'not-captured'] as const;
export type HopState = (typeof HOP_STATES)[number];

export const ELEMENT_KINDS = ['container', 'veth', 'bridge', 'ovs', 'tunnel', 'underlay'] as const;
export type ElementKind = (typeof ELEMENT_KINDS)[number];

/** One device of the path, in the order frames cross it from the sender to the receiver. */
export interface PathElement {
  /** Unique in the path: "from/container", "to/underlay". */
  id: string;
  /** Which end's host it is on. */
  side: 'from' | 'to';
  kind: ElementKind;
  name: string;
  /** What it is, in words ("veth peer in netns ovsf-hostA", "vxlan to 172.16.2.115:8472"). */
  detail: string;
  /** The capture point name when frames were captured here (ctrA, hostA, tunA, hostB, tunB, ctrB). */
  point?: string;
  state: HopState;
}

/** One end of the path: the host (a --host name, or "local") and what doctor found there. */
export interface HostReport {
  side: 'from' | 'to';
  host: string;
  /** ssh destination, absent for this machine. */
  ssh?: string;
  container: string;
  /** What `doctor --container NAME --json` prints there. */
  doctor: DoctorReport;
}

/** doctor --json: the facts, the recommendations and the facts as the HTML report shows them. */
export type DoctorReport = DoctorFacts & { recommendations: Recommendation[]; host: HostFacts };

/** A capture point of the path and what it saw. */
export interface CapturedPoint {
  name: string;
  /** The pcapng interface name (host/netns/iface), absent when the point never started. */
  label?: string;
  element: string;
  packets: number;
  dropped: number;
  /** Checksum drop counters of its namespace and driver that moved during the capture. */
  countersMoved: Record<string, number>;
}

/** The probe between the two containers (src/probe/), as it reported. */
export type ProbeSummary = ProbeResult;

/** The change to make, where. */
export interface FixPlan {
  side: 'from' | 'to';
  host: string;
  container: string;
  advice: AdviceId;
  /** Where the advice says the change is made (sender, receiver, underlay, path). */
  adviceSide: Side;
  summary: string;
  /** ethtool -K settings on the container interface; absent when fix cannot apply it (advice only). */
  features?: Record<string, boolean>;
  commands: string[];
}

/** What --fix or --revert did on one side. */
export interface FixStep {
  side: 'from' | 'to';
  host: string;
  container: string;
  /** Absent when there was nothing to do there (no snapshot to revert). */
  outcome?: FixOutcome;
  note?: string;
}

export interface Investigation {
  schema: typeof INVESTIGATION_SCHEMA;
  generatedAt: string;
  from: { host: string; container: string };
  to: { host: string; container: string };
  /** The probe after the fix is intact and no finding of medium or more remains (before --fix's change). */
  healthy: boolean;
  headline: string;
  path: PathElement[];
  points: CapturedPoint[];
  hosts: HostReport[];
  probe: ProbeSummary;
  /** Hops between capture points in path order, as correlate counted them (forward direction). */
  hops: Hop[];
  /** The place at fault: the first hop that altered or lost segments, or the receiver that dropped them. */
  fault?: { from: string; to: string; state: HopState; why: string };
  findings: Finding[];
  recommendations: FixPlan[];
  /** Each host's clock against the first point's host, as correlate estimated it; absent when fewer than two points captured. */
  hostClocks?: HostClocks;
  /** The merged capture (one interface per point). */
  capture: { file: string; seconds: number };
  /** --revert: what was put back before the probe. */
  reverted?: FixStep[];
  /** --fix: what was changed, and the probe after it. */
  fix?: { steps: FixStep[]; probe: ProbeSummary; intact: boolean };
  /** --fix: why nothing was changed and no probe run again (the recommended fix is advice to carry out by hand). */
  fixNotApplied?: FixNotApplied;
  seconds: number;
}

/** The recommended fix --fix cannot apply: no ethtool setting on a container interface answers it. */
export interface FixNotApplied {
  /** The recommended advice; absent when nothing was recommended. */
  advice?: AdviceId;
  reason: string;
  /** What to run by hand: the advice's commands (placeholders such as <NIC> left to fill). */
  commands: string[];
}
