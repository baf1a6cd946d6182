// The OVS side of `capture --ovs-port`: mirrors named ovsfm<N><i|o|a> (in, out, all), tagged with
// the owner's pid/start time and bridge in external_ids, removed on every exit path; leftovers of
// a killed run are removed by the next capture and by `doctor --cleanup`.

import { setTimeout as sleep } from 'node:timers/promises';
import { EnvironmentError } from '../errors.js';
import { ipLinkExistsIn, ipLinkUpIn } from '../host/ip.js';
import type { NetnsTarget } from '../host/netns.js';
import { OVS_DEFAULT_DB, ovsBridges } from '../host/ovs.js';
import { ovsMirrorAdd, ovsMirrorRemove, ovsPortBridge, ovsPortNames, ovsTaggedRows, ovsVswitchdPid, type MirrorSpec } from '../host/ovs-mirror.js';
import type { Direction } from '../pcap/types.js';
import { BRIDGE_KEY, OWNER_KEY, ownerAlive, ownerTag } from './owner.js';
import { HOST, netnsLabel, type CapturePoint } from './point.js';
import type { LeftoverCleanup } from './types.js';

export const MIRROR_PREFIX = 'ovsfm';

export interface Mirror {
  db: string;
  bridge: string;
  /** Mirror, output port and tap name. */
  name: string;
  /** Direction of every frame on this tap, seen from the mirrored port. */
  direction: Direction;
  /** The mirrored port, or undefined for --span. */
  port?: string;
}

/** The smallest N with no port named ovsfm<N>…: names stay short (IFNAMSIZ 16) and recognisable. */
export function freeMirrorIndex(ports: readonly string[]): number {
  const used = new Set(ports.flatMap((p) => (p.startsWith(MIRROR_PREFIX) ? [Number.parseInt(p.slice(MIRROR_PREFIX.length), 10)] : [])));
  let n = 0;
  while (used.has(n)) n++;
  return n;
}

/** What to create for one port (two mirrors, received and sent, so direction is exact) or the bridge. */
export function mirrorPlan(bridge: string, index: number, port: string | undefined, owner: string): MirrorSpec[] {
  const externalIds = { [OWNER_KEY]: owner, [BRIDGE_KEY]: bridge };
  if (port === undefined) return [{ bridge, name: `${MIRROR_PREFIX}${index}a`, externalIds }];
  return [
    { bridge, name: `${MIRROR_PREFIX}${index}i`, port, select: 'src', externalIds },
    { bridge, name: `${MIRROR_PREFIX}${index}o`, port, select: 'dst', externalIds },
  ];
}

const DIRECTION: Record<string, Direction> = { src: 'inbound', dst: 'outbound' };

/**
 * Creates the mirrors for a port (or, span, for its whole bridge), after removing leftovers of
 * killed runs; `track` receives each one as soon as it exists, so an interruption still removes it.
 */
export async function createMirrors(db: string, port: string, span: boolean, track: (m: Mirror) => void): Promise<Mirror[]> {
  const bridge = await ovsPortBridge(db, port).catch(() => {
    throw new EnvironmentError(`--ovs-port ${port}: no such port in the Open vSwitch database ${db}`);
  });
  await cleanupLeftoverMirrors(db);
  const made: Mirror[] = [];
  const specs = mirrorPlan(bridge, freeMirrorIndex(await ovsPortNames(db)), span ? undefined : port, ownerTag());
  for (const spec of specs) {
    const m: Mirror = { db, bridge, name: spec.name, direction: spec.select ? DIRECTION[spec.select]! : 'unknown' };
    if (!span) m.port = port;
    // Tracked before it exists: removal tolerates a half-made mirror, not a forgotten one.
    track(m);
    await ovsMirrorAdd(db, spec);
    made.push(m);
  }
  return made;
}

export async function removeMirror(m: Mirror): Promise<void> {
  await ovsMirrorRemove(m.db, m.bridge, m.name);
}

/** Removes every mirror and port tagged by a capture process that no longer runs. */
export async function cleanupLeftoverMirrors(ovsDb?: string): Promise<LeftoverCleanup> {
  const db = ovsDb ?? OVS_DEFAULT_DB;
  const result: LeftoverCleanup = { db, removed: [], live: [] };
  if ((await ovsBridges(db)) === undefined) throw new EnvironmentError(`the Open vSwitch database ${db} does not answer`);
  const rows = [...(await ovsTaggedRows(db, 'Mirror')), ...(await ovsTaggedRows(db, 'Port'))].filter((r) => r.externalIds[OWNER_KEY] !== undefined);
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.name)) continue;
    seen.add(r.name);
    if (ownerAlive(r.externalIds[OWNER_KEY]!)) {
      result.live.push(r.name);
      continue;
    }
    await ovsMirrorRemove(db, r.externalIds[BRIDGE_KEY] ?? '', r.name);
    result.removed.push(r.name);
  }
  return result;
}

/**
 * Where to capture a mirror: its tap, which ovs-vswitchd creates in its own network namespace;
 * waits for the tap and brings it up (vswitchd cannot write to a tap that is down).
 */
export async function mirrorTarget(m: Mirror): Promise<CapturePoint> {
  const pid = ovsVswitchdPid(m.db);
  const netns: NetnsTarget = pid === undefined ? undefined : { pid };
  for (let waited = 0; !(await ipLinkExistsIn(netns, m.name)); waited += 100) {
    if (waited >= 10_000) throw new EnvironmentError(`mirror ${m.name}: ovs-vswitchd${pid === undefined ? '' : ` (pid ${pid})`} did not create its tap within 10 s`);
    await sleep(100);
  }
  await ipLinkUpIn(netns, m.name);
  const what = m.port === undefined ? `every port of ${m.bridge}` : `OVS port ${m.port} (${m.direction === 'inbound' ? 'frames it receives' : 'frames it sends'})`;
  const place = await netnsLabel(netns);
  return {
    label: `${HOST}/${place}/${m.port ?? m.bridge}`,
    place,
    description: `${what}, mirrored to ${m.name} on ${m.bridge}`,
    netns,
    iface: m.name,
    direction: m.direction,
  };
}
