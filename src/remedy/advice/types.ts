// The shape of the remedy knowledge base: each known cause as plain data, its commands written
// with named facts (<IFACE>, <NIC>…) that a finding or doctor's host facts fill in.

/** Every known cause, by id (src/remedy/advice/index.ts holds them). */
export const ADVICE_IDS = ['veth-tx-offload', 'veth-rx-unverified', 'offload-unconfirmed', 'tunnel-device-checksum', 'vmxnet3-vxlan', 'nic-tunnel-offload', 'underlay-corruption', 'checksum-blind'] as const;
export type AdviceId = (typeof ADVICE_IDS)[number];

/** Where a change is made. */
export type Side = 'sender' | 'receiver' | 'underlay' | 'path';

/** One thing to do: why, and the exact command (empty when the step is advice only). */
export interface Step {
  purpose: string;
  command: string;
}

export interface Advice {
  id: AdviceId;
  /** A few words, as a heading. */
  title: string;
  /** What goes wrong, and why. */
  cause: string;
  /** What the diagnosis rests on: what a capture, a counter or doctor shows. */
  evidence: string;
  side: Side;
  /** The narrowest fix in one line. */
  summary: string;
  /** The first remedy in one paragraph, as a finding states it. */
  remedy: string;
  /** Find the culprit and confirm it before changing anything. */
  diagnose: Step[];
  /** The change itself. */
  change: Step[];
  /** `ethtool -K` settings `fix` applies on the container interface; absent when fix cannot apply it. */
  features?: Record<string, boolean>;
  cost: string;
  alternatives: Step[];
  /** How to keep the change across restarts and reboots. */
  persistence: Step[];
  /** What puts it back. */
  undo: Step[];
  verify: Step[];
  /** Ids of other known causes that leave the same evidence, shown after this one. */
  otherCauses?: AdviceId[];
}

/** What a finding carries: which advice, and the facts to fill in (keys as in FACTS). */
export interface AdviceRef {
  id: string;
  facts: Record<string, string>;
}
