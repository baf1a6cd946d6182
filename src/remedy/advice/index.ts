// The remedy knowledge base: every known cause as data, by id. Findings and doctor's
// recommendations name an id and the facts to fill in; doctor, fix and the reports only render it.

import { CHECKSUM_BLIND, UNDERLAY_CORRUPTION } from './damage.js';
import { fillAdvice, knownFacts } from './facts.js';
import { OFFLOAD_UNCONFIRMED, VETH_RX_UNVERIFIED, VETH_TX_OFFLOAD } from './offload.js';
import { NIC_TUNNEL_OFFLOAD, TUNNEL_DEVICE_CHECKSUM, VMXNET3_VXLAN } from './tunnel.js';
import type { Advice, AdviceId, AdviceRef } from './types.js';

export { FACTS, fillText, placeholder, unfilledFacts, type FactName, type Facts } from './facts.js';
export { ADVICE_IDS, type Advice, type AdviceId, type AdviceRef, type Side, type Step } from './types.js';

export const ADVICE: Readonly<Record<AdviceId, Advice>> = {
  'veth-tx-offload': VETH_TX_OFFLOAD,
  'veth-rx-unverified': VETH_RX_UNVERIFIED,
  'offload-unconfirmed': OFFLOAD_UNCONFIRMED,
  'tunnel-device-checksum': TUNNEL_DEVICE_CHECKSUM,
  'vmxnet3-vxlan': VMXNET3_VXLAN,
  'nic-tunnel-offload': NIC_TUNNEL_OFFLOAD,
  'underlay-corruption': UNDERLAY_CORRUPTION,
  'checksum-blind': CHECKSUM_BLIND,
};

/** A reference to an advice of the catalog with the facts known so far. */
export function adviceRef(id: AdviceId, facts: Record<string, string | undefined> = {}): AdviceRef {
  return { id, facts: knownFacts(facts) as Record<string, string> };
}

/** The advice a reference names, then the other known causes it lists, each filled in; empty for an unknown id. */
export function resolveAdvice(ref: AdviceRef): Advice[] {
  const first = (ADVICE as Record<string, Advice | undefined>)[ref.id];
  if (first === undefined) return [];
  const facts = knownFacts(ref.facts);
  return [first, ...(first.otherCauses ?? []).map((id) => ADVICE[id])].map((a) => fillAdvice(a, facts));
}

/** The first remedy in words, as a finding states it: the cause's, then each other known cause's. */
export function firstRemedy(ref: AdviceRef): string {
  const [first, ...others] = resolveAdvice(ref);
  return [first?.remedy ?? '', ...others.map((a) => `Other known cause: ${a.remedy}`)].join(' ');
}
