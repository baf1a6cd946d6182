// Open vSwitch rows for port mirroring, the way ovs-tcpdump captures an OVS port: an internal
// output port (a tap where ovs-vswitchd runs) and a Mirror selecting the port, both tagged in
// external_ids so leftovers are found again; plus where ovs-vswitchd runs, to capture on the tap.

import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isAlive } from './process.js';
import { ovsList, ovsText, ovsVsctl, runningVswitchds } from './ovs.js';

export async function ovsPortBridge(db: string, port: string): Promise<string> {
  return (await ovsVsctl(db, ['port-to-br', port])).stdout.trim();
}

export async function ovsPortNames(db: string): Promise<string[]> {
  return (await ovsVsctl(db, ['--bare', '--columns=name', 'list', 'Port'])).stdout.split('\n').filter(Boolean);
}

export interface MirrorSpec {
  bridge: string;
  /** Mirror name, also its output port's and tap's name. */
  name: string;
  /** The mirrored port; undefined mirrors the whole bridge (select_all). */
  port?: string;
  /** Packets received on the port (select_src_port) or sent out of it (select_dst_port). */
  select?: 'src' | 'dst';
  externalIds: Record<string, string>;
}

/** One transaction: the internal output port and the Mirror, on the bridge's mirror list. */
export async function ovsMirrorAdd(db: string, m: MirrorSpec): Promise<void> {
  const ids = Object.entries(m.externalIds).map(([k, v]) => `external_ids:${k}="${v}"`);
  const selection = m.port === undefined ? ['select_all=true'] : [`select_${m.select ?? 'src'}_port=@sel`];
  await ovsVsctl(db, [
    '--', 'add-port', m.bridge, m.name,
    '--', 'set', 'Interface', m.name, 'type=internal', ...ids,
    '--', 'set', 'Port', m.name, ...ids,
    ...(m.port === undefined ? [] : ['--', '--id=@sel', 'get', 'Port', m.port]),
    '--', '--id=@out', 'get', 'Port', m.name,
    '--', '--id=@m', 'create', 'Mirror', `name=${m.name}`, ...selection, 'output_port=@out', ...ids,
    '--', 'add', 'Bridge', m.bridge, 'mirrors', '@m',
  ]);
}

/** Removes a mirror from its bridge (the row goes with it) and its output port, whichever still exist. */
export async function ovsMirrorRemove(db: string, bridge: string, name: string): Promise<void> {
  const mirrors = await ovsTaggedRows(db, 'Mirror');
  const steps = mirrors.some((r) => r.name === name) ? ['--', '--id=@m', 'get', 'Mirror', name, '--', 'remove', 'Bridge', bridge, 'mirrors', '@m'] : [];
  await ovsVsctl(db, [...steps, '--', '--if-exists', 'del-port', name]);
}

export interface TaggedRow {
  name: string;
  externalIds: Record<string, string>;
}

/** Name and external_ids of every row of a table (Mirror, Port). */
export async function ovsTaggedRows(db: string, table: 'Mirror' | 'Port'): Promise<TaggedRow[]> {
  const { rows } = await ovsList(db, table, ['name', 'external_ids']);
  return rows.map((r) => ({ name: ovsText(r.name), externalIds: r.external_ids as Record<string, string> }));
}

/**
 * The pid of the ovs-vswitchd serving db (its tap devices live in that process's network
 * namespace): the pid file beside a unix socket, else the one ovs-vswitchd whose command line names
 * db, else the only one running; undefined when none is found.
 */
export function ovsVswitchdPid(db: string): number | undefined {
  if (db.startsWith('unix:')) {
    const fromFile = pidFile(`${dirname(db.slice(5))}/ovs-vswitchd.pid`);
    if (fromFile !== undefined) return fromFile;
  }
  const all = runningVswitchds();
  const named = all.filter((p) => p.db === db || `unix:${p.db}` === db);
  if (named.length === 1) return named[0]!.pid;
  return all.length === 1 ? all[0]!.pid : undefined;
}

function pidFile(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}
