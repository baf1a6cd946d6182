// Turns --container / --netns / --pid and --iface into a namespace programs can enter and an
// interface that exists there, or one exit-2 line saying which part was wrong: the values are
// checked first (parseTargetFlags, before any root check), then looked up (resolveTarget).

import { existsSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { containerName, containerRuntime, interfaceName, namespaceName } from '../flags/names.js';
import { pid } from '../flags/pid.js';
import { containerPid, type ContainerRuntime } from '../host/containers.js';
import { ipLinksIn, type IpLink } from '../host/ip.js';
import { netnsInode, type NetnsTarget } from '../host/netns.js';
import type { Target } from './types.js';

/** doctor's and fix's target flags as the command line gives them. */
export interface TargetCliFlags {
  container?: string;
  netns?: string;
  pid?: string;
  iface?: string;
  runtime?: string;
}

/** Exactly one namespace, its values checked, and the interface when one is named. */
export type TargetFlags = ({ container: string; runtime?: ContainerRuntime } | { netns: string } | { pid: number }) & { iface?: string };

/** The interface the incident's fix names, picked when the namespace has it and none was given. */
const DEFAULT_IFACE = 'eth1';

/** The target the flags name, undefined when they name none; every value checked, nothing looked up. */
export function parseTargetFlags(o: TargetCliFlags): TargetFlags | undefined {
  const container = o.container === undefined ? undefined : containerName('--container', o.container);
  const runtime = o.runtime === undefined ? undefined : containerRuntime('--runtime', o.runtime);
  const netns = o.netns === undefined ? undefined : namespaceName('--netns', o.netns);
  const processId = o.pid === undefined ? undefined : pid('--pid', o.pid);
  const iface = o.iface === undefined ? undefined : interfaceName('--iface', o.iface);
  const given = [container !== undefined && '--container', netns !== undefined && '--netns', processId !== undefined && '--pid'].filter(Boolean);
  if (given.length > 1) throw new UsageError(`${given.join(' and ')}: give only one target`);
  if (runtime !== undefined && container === undefined) throw new UsageError('--runtime says where to look for a --container: name the container');
  if (given.length === 0) {
    if (iface !== undefined) throw new UsageError('--iface names an interface of the target: name it with --container, --netns or --pid');
    return undefined;
  }
  const named = iface === undefined ? {} : { iface };
  if (container !== undefined) return { container, ...(runtime === undefined ? {} : { runtime }), ...named };
  return netns !== undefined ? { netns, ...named } : { pid: processId!, ...named };
}

function chooseIface(links: IpLink[], given: string | undefined, where: string): string {
  const names = links.map((l) => l.ifname).filter((n) => n !== 'lo');
  if (given !== undefined) {
    if (!links.some((l) => l.ifname === given)) throw new UsageError(`no interface ${given} in ${where} (it has ${names.join(', ') || 'only lo'})`);
    return given;
  }
  if (names.includes(DEFAULT_IFACE)) return DEFAULT_IFACE;
  if (names.length === 1) return names[0]!;
  throw new UsageError(`${where} has ${names.length === 0 ? 'no interface but lo' : `several interfaces (${names.join(', ')})`}: name one with --iface`);
}

export async function resolveTarget(flags: TargetFlags): Promise<Target> {
  const commands: string[] = [];
  let netns: NonNullable<NetnsTarget>;
  let base: Pick<Target, 'kind' | 'name' | 'runtime' | 'pid'>;
  if ('container' in flags) {
    const c = await containerPid(flags.container, flags.runtime);
    commands.push(c.command);
    netns = { pid: c.pid };
    base = { kind: 'container', name: c.name, runtime: c.runtime, pid: c.pid };
  } else if ('netns' in flags) {
    if (!existsSync(`/run/netns/${flags.netns}`)) throw new UsageError(`no network namespace ${flags.netns} (see ip netns list)`);
    netns = { netns: flags.netns };
    base = { kind: 'netns', name: flags.netns };
  } else {
    netns = { pid: flags.pid };
    base = { kind: 'pid', name: String(flags.pid), pid: flags.pid };
  }
  const where = describeTarget(base);
  const { links, command } = await ipLinksIn(netns);
  commands.push(command);
  return { ...base, netns, netnsInode: netnsInode(netns), iface: chooseIface(links, flags.iface, where), commands };
}

/** "container test_mac (docker, pid 4242)", "netns ovsf-test_mac", "pid 4242". */
export function describeTarget(t: Pick<Target, 'kind' | 'name' | 'runtime' | 'pid'>): string {
  if (t.kind === 'container') return `container ${t.name} (${t.runtime}, pid ${t.pid})`;
  return t.kind === 'netns' ? `netns ${t.name}` : `pid ${t.name}`;
}
