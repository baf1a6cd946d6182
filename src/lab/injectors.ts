// Fault injectors on hostA's underlay egress (nftables, netdev family): `corrupt` rewrites bytes
// inside the VXLAN payload so the inner TCP checksum goes stale; `blind` rewrites two 16-bit words
// of a 0x07-byte stream so their ones'-complement sum, hence the checksum, stays the same.
// Egress on the sender, because on the receiver's ingress AF_PACKET taps and OVS see frames first.

import { nftApply, nftDeleteTable, nftTableRules } from '../host/nft.js';
import type { HostName } from './topology.js';
import type { InjectorSettings } from './state.js';

export const INJECTOR_TABLE = 'ovsforensics_lab';
export type InjectorKind = 'corrupt' | 'blind';

export interface InjectorStatus {
  kind: InjectorKind;
  host: HostName;
  /** Percent of eligible frames damaged. */
  rate: number;
  /** Frames damaged so far: the ground truth to compare an analysis with. */
  counter: number;
}

/** VXLAN's destination port, as OVS sends it. */
const VXLAN_PORT = 4789;
// Bits into the UDP header (nft's @th): byte 500 = past UDP 8 + VXLAN 8 + Ethernet 14 + IPv4 20 + TCP 32,
// inside the inner TCP payload of any frame over 1000 bytes, and 16-bit aligned relative to TCP.
const DAMAGE_BIT_OFFSET = 4000;
const PATTERN_WORDS = '0x07070707';
// 0x0708 + 0x0706 = 0x0707 + 0x0707: the TCP checksum cannot see the change.
const BLIND_WORDS = '0x07080706';

/** A percentage as nft's integer arithmetic: random in [0, 10000) below rate × 100; nothing for all. */
function sample(rate: number): string {
  return rate >= 100 ? '' : ` numgen random mod 10000 < ${Math.round(rate * 100)}`;
}

export function injectorRules(settings: InjectorSettings): string[] {
  const rules: string[] = [];
  const eligible = `udp dport ${VXLAN_PORT} meta length > 1000`;
  // Blind first: once corrupt has rewritten the words, the pattern no longer matches.
  if (settings.blind !== undefined) {
    rules.push(`${eligible} @th,${DAMAGE_BIT_OFFSET},32 ${PATTERN_WORDS}${sample(settings.blind)} counter @th,${DAMAGE_BIT_OFFSET},32 set ${BLIND_WORDS} comment "blind ${settings.blind}"`);
  }
  if (settings.corrupt !== undefined) {
    rules.push(`${eligible}${sample(settings.corrupt)} counter @th,${DAMAGE_BIT_OFFSET},16 set 0xdead comment "corrupt ${settings.corrupt}"`);
  }
  return rules;
}

/** The whole table as `nft -f` text; declaring then deleting it first makes loading a replacement. */
export function injectorRuleset(device: string, settings: InjectorSettings): string {
  const rules = injectorRules(settings).map((r) => `    ${r}\n`).join('');
  return `table netdev ${INJECTOR_TABLE}
delete table netdev ${INJECTOR_TABLE}
table netdev ${INJECTOR_TABLE} {
  chain egress {
    type filter hook egress device "${device}" priority 0;
${rules}  }
}
`;
}

/** Makes the host's injectors exactly `settings` (none: the table is removed). */
export async function applyInjectors(netns: string, device: string, settings: InjectorSettings): Promise<void> {
  if (settings.corrupt === undefined && settings.blind === undefined) {
    await nftDeleteTable({ netns }, 'netdev', INJECTOR_TABLE);
    return;
  }
  await nftApply({ netns }, injectorRuleset(device, settings));
}

export async function readInjectors(host: HostName, netns: string): Promise<InjectorStatus[]> {
  const rules = (await nftTableRules({ netns }, 'netdev', INJECTOR_TABLE)) ?? [];
  return rules.flatMap((r) => {
    const m = /^(corrupt|blind) ([\d.]+)$/.exec(r.comment ?? '');
    return m ? [{ kind: m[1] as InjectorKind, host, rate: Number(m[2]), counter: r.packets ?? 0 }] : [];
  });
}
