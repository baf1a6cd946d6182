// Which receivers' counters confirm a finding: the namespaces its frames were addressed to (the
// tunnel's far end for damaged tunnel checksums, the inner destination otherwise) and any other
// namespace whose matching counters moved during the capture.

import type { CounterEvidence, PointCounters } from './receiver-counters.js';
import type { Finding, FindingKind, FlowSummary } from './types.js';

const UDP4 = /^UdpInCsumErrors$/;
const UDP6 = /^Udp6InCsumErrors$/;
const TCP = /^TcpInCsumErrors$/;
const ANY = /InCsumErrors$/;
// ethtool -S checksum counters that count failures, not the good or offloaded frames (rx_csum_complete…).
const NIC_FAILURE = /err|bad|fail|drop|invalid/i;

/** Damage to the tunnel's own UDP checksum: counted by the far tunnel end, as UDP. */
const TUNNEL_KIND: FindingKind = 'tunnel-checksum';

/** The protocol and destination address of a flow id ("tcp 10.10.0.1:40000 > [fd00::2]:5101 vni 42"). */
export function flowDestination(id: string): { protocol: string; dst: string } | undefined {
  const m = /^(\w+) \S+ > (?:\[([^\]]+)\]|([^\s:]+)):\d+/.exec(id);
  return m ? { protocol: m[1]!, dst: (m[2] ?? m[3])! } : undefined;
}

/** UDP is counted apart per IP version (TCP is not): the receiving addresses' own, or both when unknown. */
function udpCounters(receiving: ReadonlySet<string>): RegExp[] {
  const v6 = [...receiving].filter((a) => a.includes(':')).length;
  if (v6 === 0 && receiving.size > 0) return [UDP4];
  return v6 === receiving.size && v6 > 0 ? [UDP6] : [UDP4, UDP6];
}

function kernelCounters(f: Finding, receiving: ReadonlySet<string>): RegExp[] {
  if (f.kind === TUNNEL_KIND) return udpCounters(receiving);
  const protocols = new Set(f.flows.map((id) => flowDestination(id)?.protocol));
  const wanted = [...(protocols.has('tcp') ? [TCP] : []), ...(protocols.has('udp') ? udpCounters(receiving) : [])];
  return wanted.length > 0 && !protocols.has(undefined) ? wanted : [ANY];
}

/** The addresses the finding's frames were sent to, at the layer whose checksum the finding is about. */
function receivingAddresses(f: Finding, flows: readonly FlowSummary[]): Set<string> {
  const byId = new Map(flows.map((x) => [x.id, x]));
  return new Set(
    f.flows.flatMap((id) => {
      if (f.kind === TUNNEL_KIND) {
        const outer = byId.get(id)?.tunnel?.outerDst;
        return outer === undefined ? [] : [outer];
      }
      const d = flowDestination(id);
      return d === undefined ? [] : [d.dst];
    }),
  );
}

function pick(values: Record<string, number>, keep: (name: string) => boolean): Record<string, number> {
  return Object.fromEntries(Object.entries(values).filter(([k]) => keep(k)));
}

/** The evidence for one finding: receivers always (a +0 says they took the frames), others when a counter moved. */
export function counterEvidence(f: Finding, flows: readonly FlowSummary[], counters: readonly PointCounters[]): CounterEvidence[] {
  const receiving = receivingAddresses(f, flows);
  const kernel = kernelCounters(f, receiving);
  const seen = new Set<string>();
  const out: CounterEvidence[] = [];
  for (const c of counters) {
    // Points in one namespace share its kernel counters: count them once.
    const own = seen.has(c.netns) ? {} : pick(c.kernel, (k) => kernel.some((re) => re.test(k)));
    seen.add(c.netns);
    const relevant = { ...own, ...pick(c.nic, (k) => NIC_FAILURE.test(k)) };
    const receiver = c.addresses.some((a) => receiving.has(a));
    const moved = Object.values(relevant).some((v) => v > 0);
    if ((receiver && Object.keys(relevant).length > 0) || moved) out.push({ netns: c.netns, point: c.point, receiver, counters: relevant, seconds: c.seconds });
  }
  return out;
}

/** Sets `counters` on every finding some namespace's counters bear on. */
export function attachCounterEvidence(findings: Finding[], flows: readonly FlowSummary[], counters: readonly PointCounters[]): void {
  for (const f of findings) {
    const e = counterEvidence(f, flows, counters);
    if (e.length > 0) f.counters = e;
  }
}
