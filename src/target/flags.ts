// The target flags of capture (several: NAME:IFACE each, -i for the bare ones) and of doctor and
// fix (exactly one), every value checked and nothing looked up: that is resolve.ts's job.

import { UsageError } from '../errors.js';
import { containerName, containerRuntime, interfaceName, namespaceNameOrPath } from '../flags/names.js';
import { pid } from '../flags/pid.js';
import { scoped } from '../flags/points.js';
import type { ContainerRuntime } from '../host/containers.js';
import { DEFAULT_IFACE, type Scope, type TargetSpec } from './types.js';

export interface CaptureTargetFlags {
  iface: string[];
  container: string[];
  netns: string[];
  pid: string[];
  runtime?: string;
}

function runtimeFlag(value: string | undefined): ContainerRuntime | undefined {
  return value === undefined ? undefined : containerRuntime('--runtime', value);
}

function checkRuntimeHasContainer(runtime: ContainerRuntime | undefined, containers: number): void {
  if (runtime !== undefined && containers === 0) throw new UsageError('--runtime says where to look for a --container: name the container');
}

/**
 * capture's targets: a namespace flag NAME:IFACE is one target; -i IFACE applies to every
 * namespace flag given without an interface, or to the current namespace when there is none; a
 * container without either gets eth1.
 */
export function parseCaptureTargets(flags: CaptureTargetFlags): TargetSpec[] {
  for (const v of flags.iface) interfaceName('-i', v);
  const runtime = runtimeFlag(flags.runtime);
  checkRuntimeHasContainer(runtime, flags.container.length);
  const qualified: TargetSpec[] = [];
  const bare: Scope[] = [];
  const add = (scope: Scope, iface: string | undefined): void => {
    if (iface === undefined) bare.push(scope);
    else qualified.push({ scope, iface });
  };
  for (const v of flags.container) {
    const { name, iface } = scoped('--container', v, containerName);
    add(runtime === undefined ? { kind: 'container', name } : { kind: 'container', name, runtime }, iface);
  }
  for (const v of flags.netns) {
    const { name, iface } = scoped('--netns', v, namespaceNameOrPath);
    add({ kind: 'netns', name }, iface);
  }
  for (const v of flags.pid) {
    const { name, iface } = scoped('--pid', v, pid);
    add({ kind: 'pid', pid: name }, iface);
  }
  const targets = [...qualified];
  const scopes: Scope[] = bare.length > 0 ? bare : flags.iface.length > 0 ? [{ kind: 'current' }] : [];
  for (const scope of scopes) {
    const ifaces = flags.iface.length > 0 ? flags.iface : scope.kind === 'container' ? [DEFAULT_IFACE] : [];
    if (ifaces.length === 0) throw new UsageError(`${scope.kind === 'netns' ? `--netns ${scope.name}` : `--pid ${(scope as { pid: number }).pid}`}: name the interface (-i IFACE or NAME:IFACE)`);
    for (const iface of ifaces) targets.push({ scope, iface });
  }
  const seen = new Set<string>();
  for (const t of targets) {
    const key = `${JSON.stringify(t.scope)} ${t.iface}`;
    if (seen.has(key)) throw new UsageError(`${t.iface} is named twice in the same namespace`);
    seen.add(key);
  }
  return targets;
}

/** doctor's and fix's target flags as the command line gives them. */
export interface TargetCliFlags {
  container?: string;
  netns?: string;
  pid?: string;
  iface?: string;
  runtime?: string;
}

/** doctor's and fix's one target, undefined when the flags name none. */
export function parseTargetFlags(o: TargetCliFlags): TargetSpec | undefined {
  const container = o.container === undefined ? undefined : containerName('--container', o.container);
  const runtime = runtimeFlag(o.runtime);
  const netns = o.netns === undefined ? undefined : namespaceNameOrPath('--netns', o.netns);
  const processId = o.pid === undefined ? undefined : pid('--pid', o.pid);
  const iface = o.iface === undefined ? undefined : interfaceName('--iface', o.iface);
  const given = [container !== undefined && '--container', netns !== undefined && '--netns', processId !== undefined && '--pid'].filter(Boolean);
  if (given.length > 1) throw new UsageError(`${given.join(' and ')}: give only one target`);
  checkRuntimeHasContainer(runtime, container === undefined ? 0 : 1);
  if (given.length === 0) {
    if (iface !== undefined) throw new UsageError('--iface names an interface of the target: name it with --container, --netns or --pid');
    return undefined;
  }
  const scope: Scope =
    container !== undefined ? { kind: 'container', name: container, ...(runtime === undefined ? {} : { runtime }) } : netns !== undefined ? { kind: 'netns', name: netns } : { kind: 'pid', pid: processId! };
  return iface === undefined ? { scope } : { scope, iface };
}
