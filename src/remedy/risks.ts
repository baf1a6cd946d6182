// Doctor's risks: rules over the collected facts, ranked by severity, each with its reason and the
// commands whose output shows it. Plain data in, plain data out.

import type { DoctorFacts, InterfaceFacts, Risk, RiskSeverity } from './types.js';

/** Kernels before 4.4 mark packets from a veth CHECKSUM_UNNECESSARY unverified (fixed by ce8c839b74e3). */
export function vethChecksumBug(release: string): boolean {
  const m = /^(\d+)\.(\d+)/.exec(release);
  if (!m) return false;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major < 4 || (major === 4 && minor < 4);
}

/** Outer IPv4 20 + UDP 8 + VXLAN/Geneve 8 + inner Ethernet 14 (Geneve options come on top). */
const TUNNEL_OVERHEAD = 50;

const RANK: Record<RiskSeverity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

const SOFTWARE_DRIVERS = new Set(['veth', 'tun', 'bridge', 'openvswitch', 'vxlan', 'geneve', 'dummy', 'macvlan', 'ipvlan']);

function feature(i: InterfaceFacts | undefined, name: string): boolean | undefined {
  return i?.features?.values[name]?.on;
}

export function assessRisks(f: DoctorFacts): Risk[] {
  const risks: Risk[] = [];
  const ctr = f.interfaces.find((i) => i.role === 'container');
  const underlay = f.interfaces.find((i) => i.role === 'underlay');
  const netdev = f.ovs?.bridges.filter((b) => b.datapathType === 'netdev') ?? [];
  const txOn = feature(ctr, 'tx-checksumming') === true;

  if (ctr && txOn && f.ovs && netdev.length > 0) {
    const evidence = [ctr.features!.command, f.ovs.bridgesCommand];
    if (f.ovs.userspaceTso) {
      risks.push({
        id: 'userspace-datapath-tx-offload',
        severity: 'medium',
        summary: `${ctr.name} has tx checksum offload on and OVS uses the userspace datapath (${netdev.map((b) => b.name).join(', ')}), with userspace-tso-enable=true`,
        reason: 'With userspace TSO on, OVS reads the offload metadata and is meant to finish checksums itself; releases differ in what they finish for tunnel ports, so confirm with a capture at the receiver (ovsforensics capture, analyze).',
        evidence: [...evidence, f.ovs.otherConfigCommand],
      });
    } else {
      risks.push({
        id: 'userspace-datapath-tx-offload',
        severity: 'critical',
        summary: `unfinished checksums leave the host: ${ctr.name} has tx checksum offload on and OVS uses the userspace datapath (${netdev.map((b) => b.name).join(', ')})`,
        reason: `The container's kernel leaves TCP/UDP checksums for the device to finish (CHECKSUM_PARTIAL). A veth never finishes them, and OVS's userspace datapath (datapath_type=netdev, userspace-tso-enable off) reads the frame as raw bytes and forwards it${f.ovs.tunnels.length > 0 ? ` into ${f.ovs.tunnels.map((t) => `${t.type} port ${t.name}`).join(', ')}` : ''} with only the pseudo-header sum in the checksum field, so the receiver drops every segment: connections hang (the original incident). Fix: tx checksum offload off on the sending container's ${ctr.name}.`,
        evidence,
      });
    }
  } else if (ctr && txOn && !f.ovs) {
    risks.push({
      id: 'tx-offload-datapath-unknown',
      severity: 'low',
      summary: `${ctr.name} has tx checksum offload on; the OVS datapath could not be read`,
      reason: "Harmless with the kernel datapath, which finishes checksums; with OVS's userspace datapath it leaks unfinished checksums. Run doctor with --ovs-db to tell.",
      evidence: [ctr.features!.command],
    });
  }

  if (f.kernel?.vethChecksumBug && ctr?.kind === 'veth' && feature(ctr, 'rx-checksumming') !== false) {
    risks.push({
      id: 'veth-checksum-unnecessary',
      severity: 'high',
      summary: `kernel ${f.kernel.release} marks packets from a veth as already verified`,
      reason: 'Before Linux 4.4 (fixed by commit ce8c839b74e3, "veth: don\'t modify ip_summed; doing so treats packets with bad checksums as good"), a veth set CHECKSUM_UNNECESSARY on packets it never checked, so segments damaged on the path reach applications (ssh "Corrupted MAC on input", TLS errors). Fix: rx checksum offload off on the receiving container, or a newer kernel.',
      evidence: [f.kernel.command, ...(ctr.features ? [ctr.features.command] : [])],
    });
  }

  const vxlanLike = f.ovs?.tunnels.filter((t) => t.type === 'vxlan' || t.type === 'geneve') ?? [];
  if (ctr?.mtu !== undefined && underlay?.mtu !== undefined && vxlanLike.length > 0 && ctr.mtu > underlay.mtu - TUNNEL_OVERHEAD) {
    risks.push({
      id: 'mtu-exceeds-tunnel',
      severity: 'high',
      summary: `${ctr.name} MTU ${ctr.mtu} is larger than ${underlay.name}'s ${underlay.mtu} minus the tunnel's ${TUNNEL_OVERHEAD} bytes`,
      reason: `Full-size segments do not fit the ${vxlanLike[0]!.type} tunnel and are dropped or fragmented: large transfers stall while small requests work (a black hole). Set ${ctr.name}'s MTU to ${underlay.mtu - TUNNEL_OVERHEAD} or raise the underlay MTU.`,
      evidence: [...ctr.foundBy, ...underlay.foundBy],
    });
  }

  for (const t of vxlanLike.filter((x) => x.options.csum !== 'true')) {
    risks.push({
      id: 'tunnel-without-outer-checksum',
      severity: 'low',
      summary: `${t.type} port ${t.name} sends no outer UDP checksum`,
      reason: 'Damage to encapsulated frames on the underlay is caught only by the inner TCP/UDP checksum, at the receiving container; options:csum=true makes the receiving host drop damaged frames itself.',
      evidence: [f.ovs!.tunnelsCommand],
    });
  }

  const tnlOn = ['tx-udp_tnl-segmentation', 'tx-udp_tnl-csum-segmentation'].filter((n) => feature(underlay, n) === true);
  if (underlay?.driver && !SOFTWARE_DRIVERS.has(underlay.driver.driver) && tnlOn.length > 0) {
    risks.push({
      id: 'underlay-tunnel-offload',
      severity: 'low',
      summary: `${underlay.name} (${underlay.driver.driver} ${underlay.driver.version}, firmware ${underlay.driver.firmware || 'unknown'}) segments and checksums tunnelled traffic itself (${tnlOn.join(', ')})`,
      reason: 'Tunnel offload engines have had firmware and driver bugs that damage inner packets after their checksum was computed; if corruption is found at this hop, turn these off first.',
      evidence: [underlay.features!.command, underlay.driver.command],
    });
  }

  return risks.sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}
