// doctor's and fix's recommendations: from the risks doctor found to the advice that answers each,
// filled with the host's facts (target, interface, underlay NIC).

import { ADVICE, resolveAdvice, type AdviceId, type Facts, type Side } from './advice/index.js';
import type { DoctorFacts } from './types.js';

export interface PersistStep {
  how: string;
  /** A command or file body; empty when the step is advice only. */
  command: string;
}

export interface Recommendation {
  /** The doctor risk id it answers. */
  answers: string;
  /** The advice it renders (src/remedy/advice). */
  advice: AdviceId;
  /** Where to apply it. */
  side: Side;
  summary: string;
  /** `ethtool -K` settings on the container interface (`fix --features`); absent when fix cannot apply it. */
  features?: Record<string, boolean>;
  commands: string[];
  cost: string;
  persist: PersistStep[];
}

/** The advice each doctor risk calls for; a risk absent here is shown, not answered. */
const ANSWERS: Record<string, AdviceId> = {
  'userspace-datapath-tx-offload': 'veth-tx-offload',
  'veth-checksum-unnecessary': 'veth-rx-unverified',
  'underlay-tunnel-offload': 'nic-tunnel-offload',
};

/** The facts doctor knows that advice commands name. */
function doctorAdviceFacts(facts: DoctorFacts): Facts {
  const t = facts.target;
  const out: Facts = {};
  if (t?.pid !== undefined) out.pid = String(t.pid);
  if (t?.kind === 'container') out.container = t.name;
  if (t?.kind === 'netns') out.netns = t.name;
  if (t) out.iface = t.iface;
  const nic = facts.interfaces.find((i) => i.role === 'underlay')?.name;
  if (nic !== undefined) out.nic = nic;
  return out;
}

function recommendation(answers: string, id: AdviceId, facts: Facts): Recommendation {
  const [a] = resolveAdvice({ id, facts: facts as Record<string, string> });
  const r: Recommendation = {
    answers,
    advice: id,
    side: a!.side,
    summary: a!.summary,
    commands: a!.change.map((s) => s.command).filter(Boolean),
    cost: a!.cost,
    persist: a!.persistence.map((s) => ({ how: s.purpose, command: s.command })),
  };
  if (ADVICE[id].features) r.features = { ...ADVICE[id].features };
  return r;
}

/** The narrowest fixes for doctor's risks, most urgent first, each advice once. */
export function recommend({ facts }: { facts: DoctorFacts }): Recommendation[] {
  const known = doctorAdviceFacts(facts);
  const out: Recommendation[] = [];
  for (const r of facts.risks) {
    const id = ANSWERS[r.id];
    // A medium tx-offload risk (userspace TSO on) asks for a capture first, not a change.
    if (id === undefined || (r.id === 'userspace-datapath-tx-offload' && r.severity !== 'critical')) continue;
    if (!out.some((x) => x.advice === id)) out.push(recommendation(r.id, id, known));
  }
  return out;
}

/** What `fix` changes when --features is not given: the container-side settings recommended. */
export function recommendedFeatures(recs: readonly Recommendation[]): Record<string, boolean> {
  return Object.assign({}, ...recs.map((r) => r.features ?? {})) as Record<string, boolean>;
}
