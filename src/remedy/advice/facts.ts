// The named facts advice commands are written with, and filling them in: a fact nobody supplied
// stays a visible placeholder (<IFACE>) for the reader to replace, never an empty or made-up value.

import type { Advice, Step } from './types.js';

export const FACTS = {
  pid: { token: 'PID', means: "the container's process id (docker inspect -f '{{.State.Pid}}' NAME; podman and crictl inspect likewise)" },
  netns: { token: 'NETNS', means: 'the named network namespace (ip netns list)' },
  container: { token: 'CONTAINER', means: 'the container name' },
  iface: { token: 'IFACE', means: "the container's interface on the OVS bridge (eth1 in the original incident)" },
  nic: { token: 'NIC', means: 'the underlay NIC carrying the tunnel (ip route get REMOTE_TUNNEL_IP names it)' },
  vxlanDevice: { token: 'VXLAN_DEVICE', means: "the host's kernel VXLAN device: flannel.1 (flannel), vxlan.calico (Calico), cilium_vxlan (Cilium); ip -d link show type vxlan lists them" },
  vxlanPort: { token: 'VXLAN_PORT', means: 'the OVS tunnel port (ovs-vsctl --columns=name find Interface type=vxlan)' },
  sender: { token: 'SENDER', means: "the sending endpoint's address (the flow's source)" },
  tunnelSource: { token: 'TUNNEL_SOURCE', means: 'the outer source address of the damaged frames: the host that sends them' },
  hop: { token: 'HOP', means: 'the hop ovsforensics correlate names' },
} as const;

export type FactName = keyof typeof FACTS;
export type Facts = Partial<Record<FactName, string>>;

const BY_TOKEN = new Map<string, FactName>(Object.entries(FACTS).map(([name, f]) => [f.token, name as FactName]));
const TOKEN = /<([A-Z_]+)>/g;

export const placeholder = (name: FactName): string => `<${FACTS[name].token}>`;

/**
 * How a command names its target when it is known another way: a named namespace is entered with
 * `ip netns exec`, and `fix`/`capture` take --pid or --netns where no container name is known.
 */
const TARGET_FORMS: { phrase: string; unless: FactName; by: FactName; becomes: string }[] = [
  { phrase: 'nsenter --target <PID> --net', unless: 'pid', by: 'netns', becomes: 'ip netns exec <NETNS>' },
  { phrase: '--container <CONTAINER>', unless: 'container', by: 'pid', becomes: '--pid <PID>' },
  { phrase: '--container <CONTAINER>', unless: 'container', by: 'netns', becomes: '--netns <NETNS>' },
];

/** A template with the facts given filled in; the others stay placeholders. */
export function fillText(template: string, facts: Facts): string {
  let text = template;
  for (const f of TARGET_FORMS) if (facts[f.unless] === undefined && facts[f.by] !== undefined) text = text.replaceAll(f.phrase, f.becomes);
  return text.replace(TOKEN, (whole, token: string) => {
    const name = BY_TOKEN.get(token);
    return (name && facts[name]) ?? whole;
  });
}

/** The facts of a finding's JSON: known names with text values only. */
export function knownFacts(given: Record<string, unknown>): Facts {
  const facts: Facts = {};
  for (const name of Object.keys(FACTS) as FactName[]) {
    const v = given[name];
    if (typeof v === 'string' && v !== '') facts[name] = v;
  }
  return facts;
}

const fillSteps = (steps: Step[], facts: Facts): Step[] => steps.map((s) => ({ purpose: fillText(s.purpose, facts), command: fillText(s.command, facts) }));

/** The advice with every text and command filled in. */
export function fillAdvice(a: Advice, facts: Facts): Advice {
  const f = (t: string): string => fillText(t, facts);
  return {
    ...a,
    cause: f(a.cause),
    evidence: f(a.evidence),
    summary: f(a.summary),
    remedy: f(a.remedy),
    cost: f(a.cost),
    diagnose: fillSteps(a.diagnose, facts),
    change: fillSteps(a.change, facts),
    alternatives: fillSteps(a.alternatives, facts),
    persistence: fillSteps(a.persistence, facts),
    undo: fillSteps(a.undo, facts),
    verify: fillSteps(a.verify, facts),
  };
}

/** Facts still to fill in a filled advice's commands, in FACTS order. */
export function unfilledFacts(a: Advice): FactName[] {
  const commands = [...a.diagnose, ...a.change, ...a.alternatives, ...a.persistence, ...a.undo, ...a.verify].map((s) => s.command).join('\n');
  return (Object.keys(FACTS) as FactName[]).filter((n) => commands.includes(placeholder(n)));
}
