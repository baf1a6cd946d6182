// Turns --container / --netns / --pid and --iface into a namespace programs can enter and an
// interface that exists there, or one exit-2 line saying which part was wrong.

import { existsSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { containerPid, parseRuntime } from '../host/containers.js';
import { ipLinksIn, type IpLink } from '../host/ip.js';
import { netnsInode, type NetnsTarget } from '../host/netns.js';
import type { Target } from './types.js';

export interface TargetFlags {
  container?: string;
  netns?: string;
  pid?: string;
  iface?: string;
  runtime?: string;
}

/** The interface the incident's fix names, picked when the namespace has it and none was given. */
const DEFAULT_IFACE = 'eth1';

export function hasTarget(flags: TargetFlags): boolean {
  return [flags.container, flags.netns, flags.pid].some((v) => v !== undefined);
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
  const given = [flags.container && '--container', flags.netns && '--netns', flags.pid && '--pid'].filter(Boolean);
  if (given.length !== 1) throw new UsageError(given.length === 0 ? 'name the target: --container NAME, --netns NAME or --pid PID' : `${given.join(' and ')}: give only one target`);
  const commands: string[] = [];
  let netns: NonNullable<NetnsTarget>;
  let base: Pick<Target, 'kind' | 'name' | 'runtime' | 'pid'>;
  if (flags.container !== undefined) {
    const c = await containerPid(flags.container, parseRuntime(flags.runtime));
    commands.push(c.command);
    netns = { pid: c.pid };
    base = { kind: 'container', name: c.name, runtime: c.runtime, pid: c.pid };
  } else if (flags.netns !== undefined) {
    if (!existsSync(`/run/netns/${flags.netns}`)) throw new UsageError(`no network namespace ${flags.netns} (see ip netns list)`);
    netns = { netns: flags.netns };
    base = { kind: 'netns', name: flags.netns };
  } else {
    const pid = Number(flags.pid);
    if (!Number.isInteger(pid) || pid <= 0) throw new UsageError(`--pid ${flags.pid}: not a process id`);
    if (!existsSync(`/proc/${pid}/ns/net`)) throw new UsageError(`no process ${pid}`);
    netns = { pid };
    base = { kind: 'pid', name: String(pid), pid };
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
