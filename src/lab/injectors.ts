// Fault injectors on hostA's underlay egress (nftables, netdev family): `corrupt` rewrites bytes
// inside the tunnel payload so the inner TCP checksum goes stale; `blind` rewrites two 16-bit words
// of a 0x07-byte stream so their ones'-complement sum, hence the checksum, stays the same;
// `outer-csum` writes a wrong outer UDP checksum on tunnelled TCP (the flannel "63 s" case).
// Egress on the sender, because on the receiver's ingress AF_PACKET taps and OVS see frames first.

import { ethtoolSet } from '../host/ethtool.js';
import { nftApply, nftDeleteTable, nftTableRules } from '../host/nft.js';
import type { HostName, HostPlan } from './topology.js';
import type { InjectorSettings } from './state.js';

export const INJECTOR_TABLE = 'ovsforensics_lab';
export type InjectorKind = 'corrupt' | 'blind' | 'outer-csum';

export interface InjectorStatus {
  kind: InjectorKind;
  host: HostName;
  /** Percent of eligible frames damaged. */
  rate: number;
  /** Frames damaged so far: the ground truth to compare an analysis with. */
  counter: number;
}

// Bits into the UDP header (nft's @th): byte 500 = past UDP 8 + VXLAN 8 + Ethernet 14 + IPv4 20 + TCP 32,
// inside the inner TCP payload of any frame over 1000 bytes, and 16-bit aligned relative to TCP.
const DAMAGE_BIT_OFFSET = 4000;
const PATTERN_WORDS = '0x07070707';
// 0x0708 + 0x0706 = 0x0707 + 0x0707: the TCP checksum cannot see the change.
const BLIND_WORDS = '0x07080706';
// Bits into the UDP header of a VXLAN or option-less Geneve frame: UDP 8 + tunnel 8 + 12 bytes of
// MAC addresses reach the inner EtherType, 14 + 9 more the inner IPv4 protocol.
const INNER_IPV4_TCP = '@th,224,16 0x0800 @th,312,8 6';

/** A percentage as nft's integer arithmetic: random in [0, 10000) below rate × 100; nothing for all. */
function sample(rate: number): string {
  return rate >= 100 ? '' : ` numgen random mod 10000 < ${Math.round(rate * 100)}`;
}

/** The rules for `settings` on a tunnel whose UDP destination port is `port`. */
export function injectorRules(settings: InjectorSettings, port: number): string[] {
  const rules: string[] = [];
  const eligible = `udp dport ${port} meta length > 1000`;
  // Blind first: once corrupt has rewritten the words, the pattern no longer matches.
  if (settings.blind !== undefined) {
    rules.push(`${eligible} @th,${DAMAGE_BIT_OFFSET},32 ${PATTERN_WORDS}${sample(settings.blind)} counter @th,${DAMAGE_BIT_OFFSET},32 set ${BLIND_WORDS} comment "blind ${settings.blind}"`);
  }
  if (settings.corrupt !== undefined) {
    rules.push(`${eligible}${sample(settings.corrupt)} counter @th,${DAMAGE_BIT_OFFSET},16 set 0xdead comment "corrupt ${settings.corrupt}"`);
  }
  // TCP only, as in the incident: pings, ARP and neighbour discovery still cross, connections do not.
  if (settings.outerCsum !== undefined) {
    rules.push(`udp dport ${port} ${INNER_IPV4_TCP}${sample(settings.outerCsum)} counter udp checksum set 0xffff comment "outer-csum ${settings.outerCsum}"`);
  }
  return rules;
}

/** The whole table as `nft -f` text; declaring then deleting it first makes loading a replacement. */
export function injectorRuleset(device: string, settings: InjectorSettings, port: number): string {
  const rules = injectorRules(settings, port).map((r) => `    ${r}\n`).join('');
  return `table netdev ${INJECTOR_TABLE}
delete table netdev ${INJECTOR_TABLE}
table netdev ${INJECTOR_TABLE} {
  chain egress {
    type filter hook egress device "${device}" priority 0;
${rules}  }
}
`;
}

/**
 * Makes the sender's injectors exactly `settings` (none: the table is removed). With outer-csum,
 * checksums are also done in software on the sender's underlay and verified on the receiver's:
 * a veth hands the skb over still marked CHECKSUM_PARTIAL, and a receiver that trusts that mark
 * would take the damaged frames, where a real NIC path verifies and drops them.
 */
export async function applyInjectors(sender: HostPlan, receiver: HostPlan, settings: InjectorSettings, port: number): Promise<void> {
  const software = settings.outerCsum !== undefined;
  await ethtoolSet({ netns: sender.netns }, sender.underlay, { tx: !software });
  await ethtoolSet({ netns: receiver.netns }, receiver.underlay, { rx: !software });
  if (settings.corrupt === undefined && settings.blind === undefined && settings.outerCsum === undefined) {
    await nftDeleteTable({ netns: sender.netns }, 'netdev', INJECTOR_TABLE);
    return;
  }
  await nftApply({ netns: sender.netns }, injectorRuleset(sender.underlay, settings, port));
}

export async function readInjectors(host: HostName, netns: string): Promise<InjectorStatus[]> {
  const rules = (await nftTableRules({ netns }, 'netdev', INJECTOR_TABLE)) ?? [];
  return rules.flatMap((r) => {
    const m = /^(corrupt|blind|outer-csum) ([\d.]+)$/.exec(r.comment ?? '');
    return m ? [{ kind: m[1] as InjectorKind, host, rate: Number(m[2]), counter: r.packets ?? 0 }] : [];
  });
}
