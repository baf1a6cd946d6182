// One capture at every point of the path (local points here, ssh hosts' points through their own
// `capture`, as `capture --host` does), the probe started once all are capturing and the capture
// stopped right after it.

import { runCapture, type CaptureResult } from '../capture/index.js';
import { HOST } from '../capture/point.js';
import type { RemotePoints } from '../capture/remote.js';
import { EnvironmentError } from '../errors.js';
import type { RemoteHost } from '../flags/remote.js';
import { runProbe, type ProbeOptions, type ProbeResult } from '../probe/index.js';
import type { TargetSpec } from '../target/types.js';
import type { RemoteAccess } from './doctor.js';
import type { PathPoint, PointPlace } from './path.js';

/** Tunnel ports the path's underlays carry (VXLAN IANA and Linux, Geneve). */
const TUNNEL_PORTS = [4789, 8472, 6081];

/**
 * What the points keep: the tunnels, the probe's TCP and its pings. Never ssh (port 22), which on
 * a real host may cross the same underlay and would feed the capture its own stream.
 */
export function captureFilter(extraPorts: readonly number[] = []): string[] {
  const ports = [...new Set([...TUNNEL_PORTS, ...extraPorts])];
  return `(udp and (${ports.map((p) => `port ${p}`).join(' or ')})) or icmp or icmp6 or (tcp and not port 22)`.split(' ');
}

const MIB = 1024 * 1024;

function localSpec(p: PointPlace): TargetSpec {
  switch (p.scope) {
    case 'container':
      return { scope: { kind: 'container', name: p.name }, iface: p.iface };
    case 'netns':
      return { scope: { kind: 'netns', name: p.name }, iface: p.iface };
    case 'pid':
      return { scope: { kind: 'pid', pid: Number(p.name) }, iface: p.iface };
    case 'current':
      return { scope: { kind: 'current' }, iface: p.iface };
  }
}

function remoteFlag(p: PointPlace): string[] {
  if (p.scope === 'current') return ['-i', p.iface];
  return [p.scope === 'container' ? '--container' : `--${p.scope}`, `${p.name}:${p.iface}`];
}

/** Whether a pcapng interface name (host/netns/iface) is this point's. */
export function labelIsPoint(label: string, p: PathPoint): boolean {
  const parts = label.split('/');
  const [host, iface] = [parts[0], parts.at(-1)];
  const place = parts.slice(1, -1).join('/');
  if (host !== (p.host ?? HOST) || iface !== p.place.iface) return false;
  return p.place.scope === 'container' || p.place.scope === 'netns' ? place === p.place.name : true;
}

export interface PathCapture {
  capture: CaptureResult;
  probe: ProbeResult;
  file: string;
  /** Each point's pcapng interface name, where it captured. */
  labels: Map<string, string>;
}

export interface PathCaptureOptions {
  points: PathPoint[];
  hosts: ReadonlyMap<string, RemoteHost>;
  remote?: RemoteAccess;
  file: string;
  probe: Omit<ProbeOptions, 'ssh'>;
  tunnelPorts: number[];
  notice: (m: string) => void;
}

export async function captureProbe(o: PathCaptureOptions): Promise<PathCapture> {
  const local = o.points.filter((p) => p.host === undefined);
  const remoteHosts = new Map<string, RemotePoints>();
  for (const p of o.points.filter((x) => x.host !== undefined)) {
    const entry = remoteHosts.get(p.host!) ?? remoteHosts.set(p.host!, { host: o.hosts.get(p.host!)!, args: [] }).get(p.host!)!;
    entry.args.push(...remoteFlag(p.place));
  }
  const stop = new AbortController();
  let capturing!: () => void;
  const ready = new Promise<void>((r) => (capturing = r));
  const run = runCapture({
    targets: local.map((p) => localSpec(p.place)),
    ovsPorts: [],
    ovsDb: '',
    span: false,
    filter: captureFilter(o.tunnelPorts),
    output: { path: o.file },
    snapLen: 262144,
    bufferBytes: 64 * MIB,
    notice: o.notice,
    onCapturing: capturing,
    stop: stop.signal,
    ...(remoteHosts.size > 0 ? { remote: { ssh: o.remote!.session, command: o.remote!.remoteCommand, hosts: [...remoteHosts.values()] } } : {}),
  });
  // A capture that fails before capturing ends the wait; the probe never starts then.
  const started = await Promise.race([ready.then(() => true), run.then(() => false)]);
  if (!started) {
    await run;
    throw new EnvironmentError('the capture ended before every point was capturing');
  }
  let probe: ProbeResult;
  try {
    probe = await runProbe({ ...o.probe, ...(o.remote ? { ssh: { session: o.remote.session, remoteCommand: o.remote.remoteCommand } } : {}) });
  } finally {
    stop.abort();
  }
  const capture = await run;
  const labels = new Map<string, string>();
  for (const p of o.points) {
    const label = capture.points.find((c) => labelIsPoint(c.label, p))?.label;
    if (label !== undefined) labels.set(p.name, label);
  }
  return { capture, probe, file: o.file, labels };
}
