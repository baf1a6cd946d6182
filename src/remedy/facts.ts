// Collects doctor's host facts: kernel, the container interface, its veth peer, the underlay NIC
// (each with the checksum drops its namespace and driver counted) and Open vSwitch. A fact that cannot be read is recorded with its command and error; the rest
// are still collected.

import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { flagError } from '../flags/flag-error.js';
import { readChecksumCounters } from '../host/checksum-counters.js';
import { ethtoolDriver, ethtoolRead, type EthtoolFeature } from '../host/ethtool.js';
import { ipLinksIn, ipNetnsList, ipRouteDev, type IpLink } from '../host/ip.js';
import { netnsInode, netnsText, type NetnsTarget } from '../host/netns.js';
import { OVS_DEFAULT_DB, ovsBridgePorts, ovsList, ovsText, ovsVswitchdsIn, ovsVswitchdVersion } from '../host/ovs.js';
import { kernelRelease } from '../host/uname.js';
import { assessRisks, vethChecksumBug } from './risks.js';
import { findVethPeer } from '../target/peer.js';
import { describeTarget } from '../target/resolve.js';
import { DOCTOR_SCHEMA, type DoctorFacts, type InterfaceFacts, type InterfaceRole, type OvsFacts, type Target } from './types.js';

/** The ethtool -k features doctor reports: checksumming, segmentation and receive coalescing. */
export const KEY_FEATURES = [
  'rx-checksumming',
  'tx-checksumming',
  'tx-checksum-ipv4',
  'tx-checksum-ip-generic',
  'tx-checksum-ipv6',
  'scatter-gather',
  'tcp-segmentation-offload',
  'generic-segmentation-offload',
  'generic-receive-offload',
  'large-receive-offload',
  'tx-udp_tnl-segmentation',
  'tx-udp_tnl-csum-segmentation',
] as const;

const TUNNEL_TYPES = new Set(['vxlan', 'geneve', 'gre', 'stt', 'erspan', 'ip6gre', 'gtpu', 'bareudp']);

export interface DoctorOptions {
  target?: Target;
  /** ovs-vsctl --db connection string. */
  ovsDb?: string;
  /** The namespace OVS and the underlay live in (default: where ovs-vswitchd or the veth peer runs). */
  ovsNetns?: string;
  underlay?: string;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** "host", "netns NAME", or for a process the name of the same namespace when one has it. */
async function whereOf(netns: NetnsTarget): Promise<string> {
  if (netns === undefined) return 'host';
  if ('netns' in netns) return `netns ${netns.netns}`;
  if ('path' in netns) return `netns ${netns.path}`;
  const inode = netnsInode(netns);
  const named = (await ipNetnsList()).find((n) => {
    try {
      return netnsInode({ netns: n }) === inode;
    } catch {
      return false;
    }
  });
  return named ? `netns ${named} (that of pid ${netns.pid})` : `the netns of pid ${netns.pid}`;
}

async function interfaceFacts(role: InterfaceRole, netns: NetnsTarget, link: IpLink | string, where: string, foundBy: string[]): Promise<InterfaceFacts> {
  const name = typeof link === 'string' ? link : link.ifname;
  const f: InterfaceFacts = { role, name, where, foundBy, errors: [] };
  if (typeof link !== 'string') {
    Object.assign(f, { kind: link.kind, mtu: link.mtu, ifindex: link.ifindex, address: link.address });
    if (link.master !== undefined) f.master = link.master;
    if (link.tunnel !== undefined) f.tunnel = { type: link.kind!, ...link.tunnel };
  }
  try {
    const r = await ethtoolRead(netns, name);
    const values: Record<string, EthtoolFeature> = {};
    for (const k of KEY_FEATURES) if (r.features[k]) values[k] = r.features[k];
    f.features = { values, command: r.command };
  } catch (e) {
    f.errors.push(message(e));
  }
  try {
    f.driver = await ethtoolDriver(netns, name);
  } catch (e) {
    f.errors.push(message(e));
  }
  try {
    f.checksumCounters = await readChecksumCounters(netns, name);
  } catch (e) {
    f.errors.push(message(e));
  }
  return f;
}

interface OvsLocation {
  db: string;
  dbSource: string;
  /** Where `ip route get` and ethtool reach the underlay. */
  netns: NetnsTarget;
}

/** The database and namespace of the OVS that serves the peer: given, found running there, or the system's. */
function locateOvs(opts: DoctorOptions, peerNetns: NetnsTarget | undefined): OvsLocation {
  const given: NetnsTarget = opts.ovsNetns !== undefined ? { netns: opts.ovsNetns } : undefined;
  const near = given ?? peerNetns;
  const running = (() => {
    try {
      return ovsVswitchdsIn(netnsInode(near))[0];
    } catch {
      return undefined;
    }
  })();
  const netns: NetnsTarget = given ?? (running ? { pid: running.pid } : peerNetns);
  if (opts.ovsDb !== undefined) return { db: opts.ovsDb, dbSource: '--ovs-db', netns };
  if (running) return { db: running.db, dbSource: `ovs-vswitchd pid ${running.pid} was started with it (/proc/${running.pid}/cmdline)`, netns };
  return { db: OVS_DEFAULT_DB, dbSource: 'the system default', netns };
}

async function ovsFacts(loc: OvsLocation, errors: string[]): Promise<OvsFacts | undefined> {
  if (loc.db === OVS_DEFAULT_DB && !existsSync(OVS_DEFAULT_DB.slice('unix:'.length))) {
    errors.push(`Open vSwitch: no ovs-vswitchd found near the container and no ${OVS_DEFAULT_DB}: name one with --ovs-db`);
    return undefined;
  }
  try {
    const system = await ovsList(loc.db, 'Open_vSwitch', ['ovs_version', 'other_config']);
    const bridges = await ovsList(loc.db, 'Bridge', ['name', 'datapath_type']);
    const ifaces = await ovsList(loc.db, 'Interface', ['name', 'type', 'options']);
    const row = system.rows[0] ?? {};
    const otherConfig = (row.other_config ?? {}) as Record<string, string>;
    const facts: OvsFacts = {
      db: loc.db,
      dbSource: loc.dbSource,
      bridges: bridges.rows.map((b) => ({ name: ovsText(b.name), datapathType: ovsText(b.datapath_type) || 'system' })),
      bridgesCommand: bridges.command,
      userspaceTso: otherConfig['userspace-tso-enable'] === 'true',
      otherConfigCommand: system.command,
      tunnels: ifaces.rows
        .filter((i) => TUNNEL_TYPES.has(ovsText(i.type)))
        .map((i) => ({ name: ovsText(i.name), type: ovsText(i.type), options: (i.options ?? {}) as Record<string, string> })),
      tunnelsCommand: ifaces.command,
    };
    const version = ovsText(row.ovs_version);
    if (version) {
      facts.version = version;
      facts.versionCommand = system.command;
    } else {
      // ovs_version is written by ovs-ctl; daemons started by hand leave it empty.
      const v = await ovsVswitchdVersion();
      facts.version = v.version;
      facts.versionCommand = v.command;
    }
    return facts;
  } catch (e) {
    errors.push(message(e));
    return undefined;
  }
}

/** The NIC carrying the tunnel: the route to a tunnel's remote_ip, through an OVS bridge to its system port. */
async function findUnderlay(ovs: OvsFacts, netns: NetnsTarget): Promise<{ name: string; foundBy: string[] } | undefined> {
  const remote = ovs.tunnels.map((t) => t.options.remote_ip).find((ip) => ip !== undefined && ip !== 'flow');
  if (remote === undefined) return undefined;
  const route = await ipRouteDev(netns, remote);
  if (route.dev === undefined) return undefined;
  const foundBy = [ovs.tunnelsCommand, route.command];
  if (!ovs.bridges.some((b) => b.name === route.dev)) return { name: route.dev, foundBy };
  // The userspace datapath routes through the bridge's internal port; the wire is its system port.
  const { ports, command } = await ovsBridgePorts(ovs.db, route.dev);
  const kinds = await ovsList(ovs.db, 'Interface', ['name', 'type']);
  const system = ports.find((p) => kinds.rows.some((r) => ovsText(r.name) === p && ovsText(r.type) === ''));
  return system === undefined ? { name: route.dev, foundBy } : { name: system, foundBy: [...foundBy, command, kinds.command] };
}

export async function collectFacts(opts: DoctorOptions): Promise<DoctorFacts> {
  const errors: string[] = [];
  const facts: DoctorFacts = { schema: DOCTOR_SCHEMA, collectedAt: new Date().toISOString(), hostname: hostname(), interfaces: [], errors, risks: [] };
  try {
    const k = await kernelRelease();
    facts.kernel = { release: k.release, command: k.command, vethChecksumBug: vethChecksumBug(k.release) };
  } catch (e) {
    errors.push(message(e));
  }
  const t = opts.target;
  let peerNetns: NetnsTarget;
  let kernelTunnel: { netns: NetnsTarget; link: IpLink; foundBy: string[] } | undefined;
  if (t) {
    const { netns, ...rest } = t;
    facts.target = { ...rest, netns: netnsText(netns) };
    const { links, command } = await ipLinksIn(t.netns);
    const end = links.find((l) => l.ifname === t.iface)!;
    facts.interfaces.push(await interfaceFacts('container', t.netns, end, describeTarget(t), [command]));
    try {
      const peer = await findVethPeer(t.netns, end);
      if (peer) {
        peerNetns = peer.netns;
        facts.interfaces.push(await interfaceFacts('peer', peer.netns, peer.link, await whereOf(peer.netns), peer.foundBy));
        kernelTunnel = await bridgeTunnel(peer.netns, peer.link);
      } else if (end.kind === 'veth') errors.push(`${t.iface}: its veth peer (ifindex ${end.linkIndex}) was not found in this namespace or any named one`);
    } catch (e) {
      errors.push(message(e));
    }
  }
  const loc = locateOvs(opts, peerNetns);
  facts.ovs = await ovsFacts(loc, errors);
  if (kernelTunnel !== undefined) {
    const { netns, link, foundBy } = kernelTunnel;
    facts.interfaces.push(await interfaceFacts('tunnel', netns, link, await whereOf(netns), foundBy));
  }
  if (opts.underlay !== undefined) facts.interfaces.push(await givenUnderlay(loc.netns, opts.underlay));
  else if (kernelTunnel !== undefined && facts.ovs === undefined) {
    try {
      const underlay = await tunnelUnderlay(kernelTunnel.netns, kernelTunnel.link);
      if (underlay) facts.interfaces.push(await interfaceFacts('underlay', kernelTunnel.netns, await linkOrName(kernelTunnel.netns, underlay.name), await whereOf(kernelTunnel.netns), underlay.foundBy));
    } catch (e) {
      errors.push(message(e));
    }
  } else {
    try {
      const underlay = facts.ovs && (await findUnderlay(facts.ovs, loc.netns));
      if (underlay) facts.interfaces.push(await interfaceFacts('underlay', loc.netns, await linkOrName(loc.netns, underlay.name), await whereOf(loc.netns), underlay.foundBy));
    } catch (e) {
      errors.push(message(e));
    }
  }
  facts.risks = assessRisks(facts);
  return facts;
}

/** The kernel VXLAN/Geneve device on the same Linux bridge as the peer (the kernel overlays: flannel, Docker overlay). */
async function bridgeTunnel(netns: NetnsTarget, peer: IpLink): Promise<{ netns: NetnsTarget; link: IpLink; foundBy: string[] } | undefined> {
  if (peer.master === undefined) return undefined;
  const { links, command } = await ipLinksIn(netns);
  const link = links.find((l) => l.master === peer.master && l.tunnel !== undefined);
  return link === undefined ? undefined : { netns, link, foundBy: [`${command}: ${link.ifname} (${link.kind}) is a port of ${peer.master}, as ${peer.ifname} is`] };
}

/** The NIC a kernel tunnel device's frames leave by: the route to its remote. */
async function tunnelUnderlay(netns: NetnsTarget, tunnel: IpLink): Promise<{ name: string; foundBy: string[] } | undefined> {
  const remote = tunnel.tunnel?.remote;
  if (remote === undefined) return undefined;
  const route = await ipRouteDev(netns, remote);
  return route.dev === undefined ? undefined : { name: route.dev, foundBy: [route.command] };
}

/** --underlay's interface, which must be in the namespace OVS's side is read in: a typo is an error, not a silent empty fact. */
async function givenUnderlay(netns: NetnsTarget, name: string): Promise<InterfaceFacts> {
  const where = await whereOf(netns);
  const { links } = await ipLinksIn(netns);
  const link = links.find((l) => l.ifname === name);
  if (link === undefined) throw flagError('--underlay', name, `no such interface in ${where} (it has ${links.map((l) => l.ifname).join(', ')}); --ovs-netns names the namespace to look in`);
  return interfaceFacts('underlay', netns, link, where, ['--underlay']);
}

/** The link row when the namespace lists it (for MTU and kind), else just the name. */
async function linkOrName(netns: NetnsTarget, name: string): Promise<IpLink | string> {
  const { links } = await ipLinksIn(netns);
  return links.find((l) => l.ifname === name) ?? name;
}
