// Open vSwitch: one private ovsdb-server + ovs-vswitchd per directory (their sockets, pid files,
// logs and database all live there, so several instances never collide with the system's).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inNetns, type NetnsTarget } from './netns.js';
import { run, runChecked, type RunResult } from './run.js';

const SCHEMA = '/usr/share/openvswitch/vswitch.ovsschema';

export interface OvsInstance {
  /** OVS_RUNDIR, OVS_LOGDIR and OVS_DBDIR. */
  dir: string;
  /** Connection string for `ovs-vsctl --db`. */
  db: string;
}

export function ovsInstance(dir: string): OvsInstance {
  return { dir, db: `unix:${join(dir, 'db.sock')}` };
}

function ovsEnv(dir: string): Record<string, string> {
  return { OVS_RUNDIR: dir, OVS_LOGDIR: dir, OVS_DBDIR: dir };
}

/** `ovs-vsctl --db=DB ARGS`, throwing an EnvironmentError naming the command when it fails. */
export function ovsVsctl(db: string, args: readonly string[]): Promise<RunResult> {
  return runChecked('ovs-vsctl', [`--db=${db}`, '--timeout=20', ...args]);
}

/** Creates the database and starts both daemons inside `target`; they detach and outlive us. */
export async function ovsStart(target: NetnsTarget, ovs: OvsInstance): Promise<void> {
  const env = ovsEnv(ovs.dir);
  const conf = join(ovs.dir, 'conf.db');
  await runChecked('ovsdb-tool', ['create', conf, SCHEMA], { env });
  await runChecked(
    ...inNetns(target, 'ovsdb-server', [conf, `--remote=punix:${join(ovs.dir, 'db.sock')}`, `--pidfile=${join(ovs.dir, 'ovsdb-server.pid')}`, '--detach', `--log-file=${join(ovs.dir, 'ovsdb-server.log')}`]),
    { env },
  );
  await ovsVsctl(ovs.db, ['--no-wait', 'init']);
  await runChecked(
    ...inNetns(target, 'ovs-vswitchd', [ovs.db, `--pidfile=${join(ovs.dir, 'ovs-vswitchd.pid')}`, '--detach', `--log-file=${join(ovs.dir, 'ovs-vswitchd.log')}`]),
    { env },
  );
}

/** The pids in the instance's pid files, whether or not they still run. */
export function ovsDaemonPids(ovs: OvsInstance): number[] {
  return ['ovsdb-server.pid', 'ovs-vswitchd.pid'].flatMap((f) => {
    try {
      const pid = Number(readFileSync(join(ovs.dir, f), 'utf8').trim());
      return Number.isInteger(pid) && pid > 0 ? [pid] : [];
    } catch {
      return [];
    }
  });
}

/** Bridge names, or undefined when the database does not answer. */
export async function ovsBridges(db: string): Promise<string[] | undefined> {
  const r = await run('ovs-vsctl', [`--db=${db}`, '--timeout=5', 'list-br']);
  return r.exitCode === 0 ? r.stdout.split('\n').filter(Boolean) : undefined;
}

export async function ovsBridgeAddNetdev(db: string, bridge: string): Promise<void> {
  await ovsVsctl(db, ['--may-exist', 'add-br', bridge, '--', 'set', 'bridge', bridge, 'datapath_type=netdev']);
}

/** Adds a port; `settings` become `-- set interface PORT KEY=VALUE…` (type, options:…). */
export async function ovsPortAdd(db: string, bridge: string, port: string, settings: Record<string, string> = {}): Promise<void> {
  const set = Object.entries(settings).map(([k, v]) => `${k}=${v}`);
  await ovsVsctl(db, ['--may-exist', 'add-port', bridge, port, ...(set.length ? ['--', 'set', 'interface', port, ...set] : [])]);
}

/** The system's database socket, what ovs-vsctl uses without --db. */
export const OVS_DEFAULT_DB = 'unix:/var/run/openvswitch/db.sock';

/** One OVSDB cell from `--format=json`: atoms as they are, sets as arrays, maps as records. */
export type OvsValue = string | number | boolean | OvsValue[] | Record<string, string>;

function ovsCell(cell: unknown): OvsValue {
  if (!Array.isArray(cell)) return cell as string | number | boolean;
  const [tag, body] = cell as [string, unknown];
  if (tag === 'map') return Object.fromEntries((body as [unknown, unknown][]).map(([k, v]) => [String(k), String(v)]));
  if (tag === 'set') return (body as unknown[]).map(ovsCell);
  // ["uuid", "…"] and ["named-uuid", "…"]
  return String(body);
}

/** `ovs-vsctl --format=json list` output as rows keyed by column. */
export function parseOvsList(json: string): Record<string, OvsValue>[] {
  const doc = JSON.parse(json) as { headings: string[]; data: unknown[][] };
  return doc.data.map((row) => Object.fromEntries(doc.headings.map((h, i) => [h, ovsCell(row[i])])));
}

/** A set-or-atom cell as text: an empty set (an unset optional column) is "". */
export function ovsText(v: OvsValue | undefined): string {
  if (Array.isArray(v)) return v.map((x) => ovsText(x)).join(',');
  return v === undefined || typeof v === 'object' ? '' : String(v);
}

/** `ovs-vsctl --db=DB --format=json --columns=… list TABLE`, with the command line. */
export async function ovsList(db: string, table: string, columns: readonly string[]): Promise<{ rows: Record<string, OvsValue>[]; command: string }> {
  const r = await runChecked('ovs-vsctl', [`--db=${db}`, '--timeout=5', '--format=json', `--columns=${columns.join(',')}`, 'list', table]);
  return { rows: parseOvsList(r.stdout), command: r.command };
}

/** `ovs-vswitchd --version` of the binary on this host: the daemon's own report when the database has none. */
export async function ovsVswitchdVersion(): Promise<{ version: string; command: string }> {
  const r = await runChecked('ovs-vswitchd', ['--version']);
  return { version: /\(Open vSwitch\) (\S+)/.exec(r.stdout)?.[1] ?? r.stdout.split('\n')[0] ?? '', command: r.command };
}

export interface RunningVswitchd {
  pid: number;
  /** The database it was started with (its first non-option argument, else the system default). */
  db: string;
  /** Inode of its network namespace (see netnsInode). */
  netnsInode: number;
}

/** Every ovs-vswitchd process on the machine, from /proc. */
export function runningVswitchds(): RunningVswitchd[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() !== 'ovs-vswitchd') return [];
        const args = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').slice(1);
        const db = args.find((a) => a !== '' && !a.startsWith('-'));
        return [{ pid: Number(d), db: db ?? OVS_DEFAULT_DB, netnsInode: statSync(`/proc/${d}/ns/net`).ino }];
      } catch {
        // the process ended while we looked
        return [];
      }
    });
}

/** ovs-vswitchd processes whose network namespace has this inode (see netnsInode). */
export function ovsVswitchdsIn(netnsInode: number): RunningVswitchd[] {
  return runningVswitchds().filter((v) => v.netnsInode === netnsInode);
}

/** `ovs-vsctl list-ports BRIDGE`, with the command line. */
export async function ovsBridgePorts(db: string, bridge: string): Promise<{ ports: string[]; command: string }> {
  const r = await runChecked('ovs-vsctl', [`--db=${db}`, '--timeout=5', 'list-ports', bridge]);
  return { ports: r.stdout.split('\n').filter(Boolean), command: r.command };
}
