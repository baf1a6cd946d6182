// Where to capture, from the command line: interfaces in the current namespace, a container's,
// a named netns's or a process's (each optionally qualified NAME:IFACE so several namespaces fit
// in one run), resolved to something `nsenter`/`ip netns exec` can enter.

import { hostname } from 'node:os';
import { UsageError } from '../errors.js';
import { containerName, interfaceName, namespaceName } from '../flags/names.js';
import { pid } from '../flags/pid.js';
import { scoped } from '../flags/points.js';
import { findContainerPid } from '../host/containers.js';
import { runIn, runInChecked, type NetnsTarget } from '../host/netns.js';
import { run } from '../host/run.js';
import { readState } from '../lab/state.js';
import type { Direction } from '../pcap/types.js';

export type Scope = { kind: 'current' } | { kind: 'netns'; name: string } | { kind: 'pid'; pid: number } | { kind: 'container'; name: string };

export interface TargetSpec {
  scope: Scope;
  iface: string;
}

export interface TargetFlags {
  iface: string[];
  container: string[];
  netns: string[];
  pid: string[];
}

/** A container's interface when none is named: the one the incident's fix (`ethtool -K eth1`) names. */
export const CONTAINER_IFACE = 'eth1';

/**
 * Targets from the flags, each value checked: a namespace flag NAME:IFACE is one target; -i IFACE
 * applies to every namespace flag given without an interface, or to the current namespace when
 * there is none; a container without either gets eth1.
 */
export function parseTargets(flags: TargetFlags): TargetSpec[] {
  for (const v of flags.iface) interfaceName('-i', v);
  const qualified: TargetSpec[] = [];
  const bare: Scope[] = [];
  const add = (scope: Scope, iface: string | undefined): void => {
    if (iface === undefined) bare.push(scope);
    else qualified.push({ scope, iface });
  };
  for (const v of flags.container) {
    const { name, iface } = scoped('--container', v, containerName);
    add({ kind: 'container', name }, iface);
  }
  for (const v of flags.netns) {
    const { name, iface } = scoped('--netns', v, namespaceName);
    add({ kind: 'netns', name }, iface);
  }
  for (const v of flags.pid) {
    const { name, iface } = scoped('--pid', v, pid);
    add({ kind: 'pid', pid: name }, iface);
  }
  const targets = [...qualified];
  const scopes: Scope[] = bare.length > 0 ? bare : flags.iface.length > 0 ? [{ kind: 'current' }] : [];
  for (const scope of scopes) {
    const ifaces = flags.iface.length > 0 ? flags.iface : scope.kind === 'container' ? [CONTAINER_IFACE] : [];
    if (ifaces.length === 0) throw new UsageError(`${scope.kind === 'netns' ? `--netns ${scope.name}` : `--pid ${(scope as { pid: number }).pid}`}: name the interface (-i IFACE or NAME:IFACE)`);
    for (const iface of ifaces) targets.push({ scope, iface });
  }
  const seen = new Set<string>();
  for (const t of targets) {
    const key = `${JSON.stringify(t.scope)} ${t.iface}`;
    if (seen.has(key)) throw new UsageError(`${t.iface} is named twice in the same namespace`);
    seen.add(key);
  }
  return targets;
}

/** A target ready to capture on. */
export interface ResolvedTarget {
  /** The pcapng interface name: host/netns/interface. */
  label: string;
  /** Its namespace in words: the container's name, the netns name, pid:N or default. */
  place: string;
  description: string;
  netns: NetnsTarget;
  iface: string;
  /** Set when every frame has one direction (an OVS mirror of one side of a port). */
  direction?: Direction;
}

export const HOST = hostname();

/** The namespace's name as `ip netns` knows it, else a description (pid:N). */
export async function netnsLabel(netns: NetnsTarget): Promise<string> {
  if (netns !== undefined && 'netns' in netns) return netns.netns;
  const pid = netns === undefined ? process.pid : netns.pid;
  const r = await run('ip', ['netns', 'identify', String(pid)], { timeoutMs: 5_000 });
  const name = r.stdout.trim();
  return r.exitCode === 0 && name !== '' ? name : netns === undefined ? 'default' : `pid:${pid}`;
}

/** The pid of a container: its runtime's, else a container of the ovsforensics lab (either runtime). */
async function containerNetns(name: string): Promise<{ netns: NetnsTarget; via: string }> {
  const found = await findContainerPid(name);
  if (found !== undefined) return { netns: { pid: found.pid }, via: `${found.runtime} pid ${found.pid}` };
  const lab = readState()?.containers.find((c) => c.name === name);
  if (lab !== undefined) return { netns: { pid: lab.pid }, via: `lab (${lab.runtime}) pid ${lab.pid}` };
  throw new UsageError(`--container ${name}: no running container of that name (docker, podman, nerdctl, crictl, ovsforensics lab)`);
}

export async function resolveTarget(t: TargetSpec): Promise<ResolvedTarget> {
  const s = t.scope;
  let netns: NetnsTarget;
  let where: string;
  if (s.kind === 'container') {
    const c = await containerNetns(s.name);
    netns = c.netns;
    where = s.name;
    const r = await ifaceCheck(netns, t.iface, `container ${s.name}`);
    return { label: `${HOST}/${where}/${t.iface}`, place: where, description: `${t.iface} in container ${s.name} (${c.via}), ${r}`, netns, iface: t.iface };
  }
  netns = s.kind === 'netns' ? { netns: s.name } : s.kind === 'pid' ? { pid: s.pid } : undefined;
  where = await netnsLabel(netns);
  const r = await ifaceCheck(netns, t.iface, s.kind === 'current' ? 'this network namespace' : `network namespace ${where}`);
  return { label: `${HOST}/${where}/${t.iface}`, place: where, description: `${t.iface} in ${where}, ${r}`, netns, iface: t.iface };
}

/** Fails early, naming the target, when the interface is not there; returns its kind and MAC. */
async function ifaceCheck(netns: NetnsTarget, iface: string, where: string): Promise<string> {
  const r = await runIn(netns, 'ip', ['-j', '-d', 'link', 'show', 'dev', iface], { timeoutMs: 10_000 });
  if (r.exitCode !== 0) throw new UsageError(`-i ${iface}: no such interface in ${where} (${r.stderr.split('\n')[0] || r.command})`);
  const [link] = JSON.parse(r.stdout) as { address?: string; linkinfo?: { info_kind?: string } }[];
  return `${link?.linkinfo?.info_kind ?? 'device'} ${link?.address ?? ''}`.trim();
}

/** Every link-layer address in the namespace: frames from one of them leave it, frames to one arrive. */
export async function namespaceMacs(netns: NetnsTarget): Promise<string[]> {
  const r = await runInChecked(netns, 'ip', ['-j', 'link', 'show'], { timeoutMs: 10_000 });
  return (JSON.parse(r.stdout) as { address?: string; link_type?: string }[]).flatMap((l) => (l.link_type === 'ether' && l.address ? [l.address] : []));
}
