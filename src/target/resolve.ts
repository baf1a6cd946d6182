// The one resolver behind capture, doctor and fix: a scope (container, netns name or path, pid,
// or this namespace) to a namespace programs can enter, then the interface checked there, or one
// exit-2 line saying which part was wrong.

import { existsSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { ipLinksIn, type IpLink } from '../host/ip.js';
import { netnsInode } from '../host/netns.js';
import { findContainer } from './container.js';
import { DEFAULT_IFACE, type Scope, type Target, type TargetSpec } from './types.js';

type Place = Pick<Target, 'kind' | 'name' | 'runtime' | 'pid' | 'netns' | 'commands'>;

async function place(s: Scope): Promise<Place> {
  switch (s.kind) {
    case 'current':
      return { kind: 'current', name: 'current', netns: undefined, commands: [] };
    case 'container': {
      const c = await findContainer(s.name, s.runtime);
      return { kind: 'container', name: c.name, runtime: c.runtime, pid: c.pid, netns: { pid: c.pid }, commands: [c.command] };
    }
    case 'netns': {
      const path = s.name.startsWith('/');
      if (!existsSync(path ? s.name : `/run/netns/${s.name}`)) throw new UsageError(path ? `no network namespace at ${s.name}` : `no network namespace ${s.name} (see ip netns list)`);
      return { kind: 'netns', name: s.name, netns: path ? { path: s.name } : { netns: s.name }, commands: [] };
    }
    case 'pid':
      if (!existsSync(`/proc/${s.pid}`)) throw new UsageError(`no process ${s.pid} any more`);
      return { kind: 'pid', name: String(s.pid), pid: s.pid, netns: { pid: s.pid }, commands: [] };
  }
}

function chooseIface(links: IpLink[], given: string | undefined, where: string): IpLink {
  const names = links.map((l) => l.ifname).filter((n) => n !== 'lo');
  const named = (n: string): IpLink | undefined => links.find((l) => l.ifname === n);
  if (given !== undefined) {
    const link = named(given);
    if (link === undefined) throw new UsageError(`no interface ${given} in ${where} (it has ${names.join(', ') || 'only lo'})`);
    return link;
  }
  if (names.includes(DEFAULT_IFACE)) return named(DEFAULT_IFACE)!;
  if (names.length === 1) return named(names[0]!)!;
  throw new UsageError(`${where} has ${names.length === 0 ? 'no interface but lo' : `several interfaces (${names.join(', ')})`}: name one with --iface`);
}

/** The target and its interface's link row (kind, address, ifindex, veth peer index). */
export async function resolveTargetLink(spec: TargetSpec): Promise<{ target: Target; link: IpLink }> {
  const p = await place(spec.scope);
  const { links, command } = await ipLinksIn(p.netns);
  const link = chooseIface(links, spec.iface, describeTarget(p));
  return { target: { ...p, netnsInode: netnsInode(p.netns), iface: link.ifname, commands: [...p.commands, command] }, link };
}

export async function resolveTarget(spec: TargetSpec): Promise<Target> {
  return (await resolveTargetLink(spec)).target;
}

/** "container test_mac (docker, pid 4242)", "netns ovsf-test_mac", "pid 4242", "this network namespace". */
export function describeTarget(t: Pick<Target, 'kind' | 'name' | 'runtime' | 'pid'>): string {
  if (t.kind === 'container') return `container ${t.name} (${t.runtime}, pid ${t.pid})`;
  if (t.kind === 'current') return 'this network namespace';
  return t.kind === 'netns' ? `netns ${t.name}` : `pid ${t.name}`;
}
