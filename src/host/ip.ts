// iproute2: network namespaces, links and addresses. `-j` output is parsed into typed rows.

import { runIn, runInChecked, type NetnsTarget } from './netns.js';
import { run, runChecked } from './run.js';

export interface IpLink {
  ifname: string;
  mtu: number;
  operstate: string;
  address?: string;
  /** "veth", "tun", "openvswitch"… when `ip -d` knows it. */
  kind?: string;
  ifindex?: number;
  /** iflink: a veth's peer's ifindex, in the namespace `linkNetnsid` names when it is another. */
  linkIndex?: number;
  /** The peer's namespace as this namespace numbers it (see ipNetnsIds); absent when the same. */
  linkNetnsid?: number;
  /** The bridge (or bond) it is a port of. */
  master?: string;
  /** A kernel VXLAN/Geneve device's far end and UDP port (`ip -d` info_data). */
  tunnel?: { remote?: string; port?: number };
}

export interface IpAddress {
  ifname: string;
  family: 'inet' | 'inet6';
  local: string;
  prefixlen: number;
}

/** `ip [-n NETNS] ARGS`, throwing an EnvironmentError naming the command when it fails. */
export function ip(netns: string | undefined, args: readonly string[]) {
  return runChecked('ip', netns === undefined ? args : ['-n', netns, ...args]);
}

export async function ipNetnsList(): Promise<string[]> {
  const r = await runChecked('ip', ['-j', 'netns', 'list']);
  // An empty list prints nothing at all rather than [].
  if (r.stdout.trim() === '') return [];
  return (JSON.parse(r.stdout) as { name: string }[]).map((n) => n.name);
}

export async function ipNetnsAdd(name: string): Promise<void> {
  await runChecked('ip', ['netns', 'add', name]);
  await ip(name, ['link', 'set', 'lo', 'up']);
}

/** Names an existing process's network namespace, so `ip -n NAME` reaches it (a container's). */
export async function ipNetnsAttach(name: string, pid: number): Promise<void> {
  await runChecked('ip', ['netns', 'attach', name, String(pid)]);
}

/** Removes the name; the namespace itself goes once no process or link holds it. No-op if absent. */
export async function ipNetnsDelete(name: string): Promise<boolean> {
  if (!(await ipNetnsList()).includes(name)) return false;
  await runChecked('ip', ['netns', 'delete', name]);
  return true;
}

/** Every process whose network namespace is NAME. */
export async function ipNetnsPids(name: string): Promise<number[]> {
  const r = await run('ip', ['netns', 'pids', name]);
  if (r.exitCode !== 0) return [];
  return r.stdout.split('\n').filter(Boolean).map(Number);
}

export interface VethEnd {
  name: string;
  /** A netns name or a pid whose namespace receives this end; none: this end stays in ours. */
  netns?: string | number;
}

const toNetns = (end: VethEnd): string[] => (end.netns === undefined ? [] : ['netns', String(end.netns)]);

/** Creates a veth pair with each end directly in its namespace, so nothing lingers in ours. */
export async function ipVethAdd(a: VethEnd, b: VethEnd): Promise<void> {
  await runChecked('ip', ['link', 'add', a.name, ...toNetns(a), 'type', 'veth', 'peer', 'name', b.name, ...toNetns(b)]);
}

/** `ip -n NETNS link add NAME type KIND ARGS…`: a bridge, or a tunnel device with its own arguments. */
export async function ipLinkAdd(netns: string, name: string, kind: string, args: readonly string[] = []): Promise<void> {
  await ip(netns, ['link', 'add', name, 'type', kind, ...args]);
}

export interface LinkSettings {
  up?: boolean;
  mtu?: number;
  /** Enslave to this bridge. */
  master?: string;
}

export async function ipLinkSet(netns: string | undefined, ifname: string, settings: LinkSettings): Promise<void> {
  const args = ['link', 'set', 'dev', ifname];
  if (settings.master !== undefined) args.push('master', settings.master);
  if (settings.mtu !== undefined) args.push('mtu', String(settings.mtu));
  if (settings.up !== undefined) args.push(settings.up ? 'up' : 'down');
  await ip(netns, args);
}

/** Adds the address unless it is there; `nodad` skips IPv6 duplicate address detection (usable at once). */
export async function ipAddrAdd(netns: string | undefined, ifname: string, cidr: string, options: { nodad?: boolean } = {}): Promise<void> {
  const existing = await ipAddresses(netns === undefined ? undefined : { netns });
  if (existing.some((a) => a.ifname === ifname && `${a.local}/${a.prefixlen}` === cidr)) return;
  await ip(netns, ['addr', 'add', cidr, 'dev', ifname, ...(options.nodad ? ['nodad'] : [])]);
}

/** The links of any namespace, a process's included, with the command line that listed them. */
export async function ipLinksIn(target: NetnsTarget): Promise<{ links: IpLink[]; command: string }> {
  const r = await runInChecked(target, 'ip', ['-j', '-d', 'link', 'show']);
  return { links: parseIpLinks(r.stdout), command: r.command };
}

export function parseIpLinks(json: string): IpLink[] {
  type TunnelData = { remote?: string; remote6?: string; port?: number };
  type Row = { ifname: string; mtu: number; operstate: string; address?: string; ifindex?: number; link_index?: number; link_netnsid?: number; master?: string; linkinfo?: { info_kind?: string; info_data?: TunnelData } };
  return (JSON.parse(json) as Row[]).map((l) => {
    const link: IpLink = { ifname: l.ifname, mtu: l.mtu, operstate: l.operstate, address: l.address, kind: l.linkinfo?.info_kind, ifindex: l.ifindex };
    if (l.link_index !== undefined) link.linkIndex = l.link_index;
    if (l.link_netnsid !== undefined) link.linkNetnsid = l.link_netnsid;
    if (l.master !== undefined) link.master = l.master;
    const d = l.linkinfo?.info_data;
    if ((link.kind === 'vxlan' || link.kind === 'geneve') && d !== undefined) {
      const remote = d.remote ?? d.remote6;
      link.tunnel = { ...(remote === undefined ? {} : { remote }), ...(d.port === undefined ? {} : { port: d.port }) };
    }
    return link;
  });
}

/** Whether the namespace has a link of that name (a tap another process is still creating). */
export async function ipLinkExistsIn(target: NetnsTarget, ifname: string): Promise<boolean> {
  return (await runIn(target, 'ip', ['link', 'show', 'dev', ifname], { timeoutMs: 5_000 })).exitCode === 0;
}

/** Every Ethernet address of the namespace's links. */
export async function ipEtherAddressesIn(target: NetnsTarget): Promise<string[]> {
  const r = await runInChecked(target, 'ip', ['-j', 'link', 'show'], { timeoutMs: 10_000 });
  return (JSON.parse(r.stdout) as { address?: string; link_type?: string }[]).flatMap((l) => (l.link_type === 'ether' && l.address ? [l.address] : []));
}

/** `ip link set dev NAME up` in any namespace, a process's included. */
export async function ipLinkUpIn(target: NetnsTarget, ifname: string): Promise<void> {
  await runInChecked(target, 'ip', ['link', 'set', 'dev', ifname, 'up']);
}

/** The name `ip netns` knows the process's namespace by, undefined when it has none. */
export async function ipNetnsIdentify(pid: number): Promise<string | undefined> {
  const r = await run('ip', ['netns', 'identify', String(pid)], { timeoutMs: 5_000 });
  const name = r.stdout.trim();
  return r.exitCode === 0 && name !== '' ? name : undefined;
}

/** Named namespaces this one has a number for (`ip netns list-id`): nsid → name. */
export async function ipNetnsIds(target: NetnsTarget): Promise<Map<number, string>> {
  const r = await runInChecked(target, 'ip', ['-j', 'netns', 'list-id']);
  const rows = r.stdout.trim() === '' ? [] : (JSON.parse(r.stdout) as { nsid: number; name?: string }[]);
  return new Map(rows.flatMap((n) => (n.name === undefined ? [] : [[n.nsid, n.name] as [number, string]])));
}

/** The interface the kernel routes `dst` through (`ip route get`), with the command line. */
export async function ipRouteDev(target: NetnsTarget, dst: string): Promise<{ dev: string | undefined; command: string }> {
  const r = await runInChecked(target, 'ip', ['-j', 'route', 'get', dst]);
  const rows = JSON.parse(r.stdout) as { dev?: string }[];
  return { dev: rows[0]?.dev, command: r.command };
}

/** The IPv4 and IPv6 addresses of any namespace, a process's included. */
export async function ipAddresses(target: NetnsTarget): Promise<IpAddress[]> {
  const r = await runInChecked(target, 'ip', ['-j', 'addr', 'show']);
  const rows = JSON.parse(r.stdout) as { ifname: string; addr_info?: { family: string; local: string; prefixlen: number }[] }[];
  return rows.flatMap((l) =>
    (l.addr_info ?? []).flatMap((a) => (a.family === 'inet' || a.family === 'inet6' ? [{ ifname: l.ifname, family: a.family, local: a.local, prefixlen: a.prefixlen }] : [])),
  );
}
