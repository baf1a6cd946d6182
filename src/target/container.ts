// A container name to its main pid: the runtime --runtime names, or each runtime in
// CONTAINER_RUNTIMES' order (docker, podman, nerdctl, crictl, ctr), then the ovsforensics lab's
// own containers (its state file: netns-runtime ones, and docker ones on its private daemon).

import { existsSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { CONTAINER_RUNTIMES, inspectContainer, type ContainerRuntime } from '../host/containers.js';
import { readState } from '../lab/state.js';

export interface FoundContainer {
  name: string;
  /** The runtime that knew it, or "lab". */
  runtime: string;
  pid: number;
  /** The command that gave the pid, or where the lab keeps it. */
  command: string;
}

/** The lab's container of that name (of that runtime when one is asked), or why not. */
function labContainer(name: string, runtime: ContainerRuntime | undefined): FoundContainer | string {
  const state = readState();
  if (state === undefined) return 'no lab is up';
  const c = state.containers.find((x) => x.name === name && (runtime === undefined || x.runtime === runtime));
  if (c === undefined) return `no container of that name${runtime === undefined ? '' : ` on ${runtime}`} (it has ${state.containers.map((x) => x.name).join(', ') || 'none'})`;
  if (!existsSync(`/proc/${c.pid}`)) return `its pid ${c.pid} is gone (run lab up again)`;
  return { name, runtime: 'lab', pid: c.pid, command: `lab state (${c.runtime} runtime)` };
}

/** The running container NAME, or a UsageError naming every place tried and what each said. */
export async function findContainer(name: string, runtime?: ContainerRuntime): Promise<FoundContainer> {
  const tried: string[] = [];
  for (const rt of runtime === undefined ? CONTAINER_RUNTIMES : [runtime]) {
    const r = await inspectContainer(rt, name);
    if ('missing' in r) tried.push(`${rt}: ${r.missing}`);
    else if (!r.found.running || r.found.pid <= 0) tried.push(`${rt}: ${r.found.status}`);
    else return { name, runtime: rt, pid: r.found.pid, command: r.found.command };
  }
  const lab = labContainer(name, runtime);
  if (typeof lab !== 'string') return lab;
  tried.push(`lab: ${lab}`);
  throw new UsageError(`container ${name}: no running container of that name (tried ${tried.join('; ')})`);
}
