// containerd's own CLI: a container's process is its task, listed per containerd namespace by
// `ctr -n NS task ls` (a table: TASK, PID, STATUS). CONTAINERD_ADDRESS names another daemon's
// socket; CONTAINERD_NAMESPACE, when set, is the one namespace asked.

import { existsSync } from 'node:fs';
import { missingFrom, type ContainerState, type InspectResult } from './container-types.js';
import { run } from './run.js';

// ctr waits 10 s for a socket that is not there; a local daemon answers in milliseconds.
const CONNECT = ['--connect-timeout', '2s'];
/** Where ctr dials when CONTAINERD_ADDRESS names no other socket. */
const DEFAULT_SOCKET = '/run/containerd/containerd.sock';

/** The task of that id in the first containerd namespace that has one. */
export async function ctrInspect(name: string): Promise<InspectResult> {
  // No socket file: ctr would only wait out its connect timeout (2 s on every container lookup).
  const socket = process.env.CONTAINERD_ADDRESS || DEFAULT_SOCKET;
  if (!socket.includes('://') && !existsSync(socket)) return { missing: `no containerd socket at ${socket}` };
  const given = process.env.CONTAINERD_NAMESPACE;
  let namespaces: string[];
  if (given !== undefined && given !== '') namespaces = [given];
  else {
    const ns = await run('ctr', [...CONNECT, 'namespaces', 'list', '-q'], { timeoutMs: 10_000 });
    if (ns.exitCode !== 0) return missingFrom(ns);
    namespaces = ns.stdout.split('\n').filter(Boolean);
  }
  for (const namespace of namespaces) {
    const r = await run('ctr', [...CONNECT, '-n', namespace, 'task', 'ls'], { timeoutMs: 10_000 });
    const task = r.exitCode === 0 ? parseCtrTasks(r.stdout).find((t) => t.id === name) : undefined;
    if (task !== undefined) return { found: { ...task, command: r.command } };
  }
  return { missing: `no task of that id in ${namespaces.length === 0 ? 'any namespace (there is none)' : `namespace${namespaces.length === 1 ? '' : 's'} ${namespaces.join(', ')}`}` };
}

/** `ctr task ls`: a header, then one row per task; a task's id is its container's. */
export function parseCtrTasks(text: string): ContainerState[] {
  return text
    .split('\n')
    .slice(1)
    .flatMap((line) => {
      const [id, pid, status] = line.trim().split(/\s+/);
      if (id === undefined || id === '' || pid === undefined || status === undefined) return [];
      return [{ id, name: id, status, running: status === 'RUNNING', pid: Number(pid) }];
    });
}
