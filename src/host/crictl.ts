// crictl (any CRI runtime: containerd's CRI plugin, CRI-O): `crictl ps -q --name` turns a
// Kubernetes container name into an id, `crictl inspect` gives `.status` and, verbose by
// default, `.info.pid` (containerd's ContainerInfo, CRI-O's the same field).

import { missingFrom, type ContainerState, type InspectResult } from './container-types.js';
import { run } from './run.js';

/** The running container of that name (an anchored regex to crictl), else the name taken as an id. */
export async function crictlInspect(name: string): Promise<InspectResult> {
  const ps = await run('crictl', ['ps', '-q', '--name', `^${name.replace(/\./g, '\\.')}$`], { timeoutMs: 10_000 });
  if (ps.exitCode !== 0) return missingFrom(ps);
  const id = ps.stdout.split('\n').find(Boolean) ?? name;
  const r = await run('crictl', ['inspect', '--output', 'json', id], { timeoutMs: 10_000 });
  if (r.exitCode !== 0) return missingFrom(r);
  return { found: { ...parseCrictlInspect(r.stdout), command: r.command } };
}

export function parseCrictlInspect(json: string): ContainerState {
  const c = JSON.parse(json) as { status: { id: string; metadata: { name: string }; state: string }; info?: { pid?: number } };
  const running = c.status.state === 'CONTAINER_RUNNING';
  return { id: c.status.id, name: c.status.metadata.name, status: c.status.state, running, pid: running ? (c.info?.pid ?? 0) : 0 };
}
