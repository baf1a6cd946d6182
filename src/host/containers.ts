// A container's main pid by name, from the runtime named or whichever knows it first: Docker
// (DOCKER_HOST honoured), Podman, nerdctl, then the CRI (crictl). The pid is what
// `nsenter --target PID --net` needs; the command that found it is kept for the record.

import { UsageError } from '../errors.js';
import { run } from './run.js';

export const CONTAINER_RUNTIMES = ['docker', 'podman', 'nerdctl', 'crictl'] as const;
export type ContainerRuntime = (typeof CONTAINER_RUNTIMES)[number];

export interface ContainerPid {
  name: string;
  runtime: ContainerRuntime;
  pid: number;
  /** The inspect command line that gave the pid. */
  command: string;
}

async function inspectPid(runtime: ContainerRuntime, name: string): Promise<ContainerPid | undefined> {
  let id = name;
  if (runtime === 'crictl') {
    // crictl inspects by id; `ps --name` turns a name into one.
    const ps = await run('crictl', ['ps', '-q', '--name', `^${name}$`], { timeoutMs: 10_000 });
    id = (ps.exitCode === 0 ? ps.stdout.split('\n').find(Boolean) : undefined) ?? name;
  }
  const args = runtime === 'crictl' ? ['inspect', '--output', 'go-template', '--template', '{{.info.pid}}', id] : ['inspect', '--format', '{{.State.Pid}}', name];
  const r = await run(runtime, args, { timeoutMs: 10_000 });
  const pid = Number(r.stdout.trim());
  return r.exitCode === 0 && Number.isInteger(pid) && pid > 0 ? { name, runtime, pid, command: r.command } : undefined;
}

/** The pid from the runtime given, or the first that has a running container NAME; undefined when none has. */
export async function findContainerPid(name: string, runtime?: ContainerRuntime): Promise<ContainerPid | undefined> {
  for (const rt of runtime === undefined ? CONTAINER_RUNTIMES : [runtime]) {
    const found = await inspectPid(rt, name);
    if (found !== undefined) return found;
  }
  return undefined;
}

export async function containerPid(name: string, runtime?: ContainerRuntime): Promise<ContainerPid> {
  const found = await findContainerPid(name, runtime);
  if (found === undefined) throw new UsageError(`container ${name}: no running container of that name in ${runtime ?? CONTAINER_RUNTIMES.join(', ')}`);
  return found;
}
