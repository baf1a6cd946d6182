// What a receiver counts when it drops a frame for a bad checksum: the kernel's *InCsumErrors
// counters of a network namespace (/proc/net/snmp and /proc/net/snmp6, as `nstat` names them:
// UdpInCsumErrors, Udp6InCsumErrors, TcpInCsumErrors, IcmpInCsumErrors…) and the interface
// driver's checksum counters (`ethtool -S` names containing csum or checksum).

import { EnvironmentError } from '../errors.js';
import { ethtoolStats } from './ethtool.js';
import { runIn, type NetnsTarget } from './netns.js';

export interface ChecksumCounters {
  /** nstat name → value, for the namespace. */
  kernel: Record<string, number>;
  /** ethtool -S name → value, for the interface; empty when its driver keeps none. */
  nic: Record<string, number>;
  /** The command lines they came from. */
  commands: string[];
}

// UDP-Lite is in the same tables; nothing in an overlay uses it.
const KERNEL_COUNTER = /^(?!UdpLite).*InCsumErrors$/;
const NIC_COUNTER = /csum|checksum/i;

/**
 * /proc/net/snmp (pairs of lines: "Udp: InDatagrams … InCsumErrors …" then "Udp: 25 … 7 …") and
 * /proc/net/snmp6 ("Udp6InCsumErrors 7"), concatenated, as nstat names: protocol + field.
 */
export function parseSnmp(text: string): Record<string, number> {
  const values: Record<string, number> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const pair = /^(\w+): (.*)$/.exec(lines[i]!);
    const next = pair ? /^(\w+): (.*)$/.exec(lines[i + 1] ?? '') : null;
    if (pair && next && next[1] === pair[1] && !/\d/.test(pair[2]!.split(' ')[0]!)) {
      const names = pair[2]!.trim().split(/\s+/);
      const numbers = next[2]!.trim().split(/\s+/);
      names.forEach((n, k) => {
        if (numbers[k] !== undefined) values[`${pair[1]}${n}`] = Number(numbers[k]);
      });
      i++;
      continue;
    }
    const single = /^(\w+)\s+(-?\d+)\s*$/.exec(lines[i]!);
    if (single) values[single[1]!] = Number(single[2]);
  }
  return values;
}

/** The namespace's checksum drop counters; snmp6 is absent where IPv6 is disabled, which cat reports and this ignores. */
export async function kernelChecksumCounters(target: NetnsTarget): Promise<{ values: Record<string, number>; command: string }> {
  const r = await runIn(target, 'cat', ['/proc/net/snmp', '/proc/net/snmp6']);
  if (r.stdout === '') throw new EnvironmentError(`${r.command}: ${r.stderr.split('\n')[0] || `exit ${r.exitCode}`}`, r.command);
  const all = parseSnmp(r.stdout);
  return { values: Object.fromEntries(Object.entries(all).filter(([k]) => KERNEL_COUNTER.test(k))), command: r.command };
}

export async function readChecksumCounters(target: NetnsTarget, iface: string): Promise<ChecksumCounters> {
  const kernel = await kernelChecksumCounters(target);
  const nic = await ethtoolStats(target, iface);
  return {
    kernel: kernel.values,
    nic: Object.fromEntries(Object.entries(nic.stats).filter(([k]) => NIC_COUNTER.test(k))),
    commands: [kernel.command, nic.command],
  };
}
