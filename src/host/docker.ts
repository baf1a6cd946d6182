// The Docker CLI against a given daemon socket (or the default one), and a private dockerd that
// runs offline: no iptables, no bridge, vfs storage, every path under one directory.

import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { EnvironmentError } from '../errors.js';
import { missingFrom, type ContainerState, type InspectResult } from './container-types.js';
import { spawnDetached } from './process.js';
import { run, runChecked, type RunOptions, type RunResult } from './run.js';

/** `docker [-H HOST] ARGS`; host undefined means the CLI's default (DOCKER_HOST or /var/run/docker.sock). */
export function docker(host: string | undefined, args: readonly string[], options?: RunOptions): Promise<RunResult> {
  return run('docker', host === undefined ? args : ['-H', host, ...args], options);
}

export function dockerChecked(host: string | undefined, args: readonly string[], options?: RunOptions): Promise<RunResult> {
  return runChecked('docker', host === undefined ? args : ['-H', host, ...args], options);
}

/** Whether a daemon answers on host. */
export async function dockerAnswers(host: string | undefined): Promise<boolean> {
  const r = await docker(host, ['version', '--format', '{{.Server.Version}}'], { timeoutMs: 5_000 });
  return r.exitCode === 0;
}

export async function dockerContainerPid(host: string | undefined, name: string): Promise<number> {
  const r = await dockerChecked(host, ['container', 'inspect', name]);
  const c = parseDockerInspect(r.stdout);
  if (c === undefined || !c.running || c.pid <= 0) throw new EnvironmentError(`docker container ${name} is not running`, r.command);
  return c.pid;
}

/** `docker container inspect NAME` on the default daemon (DOCKER_HOST honoured): the container, or why not. */
export async function dockerInspect(name: string): Promise<InspectResult> {
  return inspectDockerLike(await docker(undefined, ['container', 'inspect', name], { timeoutMs: 10_000 }));
}

/** An inspect in Docker's format (Docker's, Podman's and nerdctl's): found, or the CLI's reason. */
export function inspectDockerLike(r: RunResult): InspectResult {
  if (r.exitCode !== 0) return missingFrom(r);
  const found = parseDockerInspect(r.stdout);
  return found === undefined ? { missing: 'no container in its answer' } : { found: { ...found, command: r.command } };
}

/** The first container of an inspect array: `.Id`, `.Name` (Docker prefixes a '/'), `.State`. */
export function parseDockerInspect(json: string): ContainerState | undefined {
  const [c] = JSON.parse(json) as { Id: string; Name: string; State: { Status: string; Running: boolean; Pid: number } }[];
  if (c === undefined) return undefined;
  return { id: c.Id, name: c.Name.replace(/^\//, ''), status: c.State.Status, running: c.State.Running, pid: c.State.Pid };
}

/** Ids of the containers, running or not, that carry the label. */
export async function dockerContainersLabeled(host: string | undefined, label: string): Promise<string[]> {
  const r = await dockerChecked(host, ['ps', '-aq', '--filter', `label=${label}`]);
  return r.stdout.split('\n').filter(Boolean);
}

export interface PrivateDockerd {
  /** `unix://…/docker.sock`, for `docker -H`. */
  host: string;
  pid: number;
}

/** Starts dockerd with all its state under dir and waits until it answers. */
export async function dockerdStart(dir: string, timeoutMs = 60_000): Promise<PrivateDockerd> {
  const host = `unix://${join(dir, 'docker.sock')}`;
  const pid = spawnDetached(
    'dockerd',
    [
      '--iptables=false',
      '--ip6tables=false',
      '--ip-masq=false',
      '--bridge=none',
      '--storage-driver=vfs',
      `--data-root=${join(dir, 'data')}`,
      `--exec-root=${join(dir, 'exec')}`,
      `--pidfile=${dockerdPidFile(dir)}`,
      `-H`,
      host,
    ],
    { logFile: join(dir, 'dockerd.log') },
  );
  for (let waited = 0; waited < timeoutMs; waited += 250) {
    if (await dockerAnswers(host)) return { host, pid };
    await sleep(250);
  }
  throw new EnvironmentError(`dockerd did not answer on ${host} within ${timeoutMs / 1000} s (see ${join(dir, 'dockerd.log')})`, 'dockerd');
}

export function dockerdPidFile(dir: string): string {
  return join(dir, 'dockerd.pid');
}
