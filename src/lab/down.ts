// Removes everything `up` made, from what exists rather than from the state file, so it also
// cleans up after an `up` that was killed: containers, namespaces (with their veths, bridges'
// taps and nft tables), OVS daemons and sshds, a private dockerd, and the run directory.

import { existsSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { docker, dockerAnswers, dockerContainersLabeled, dockerdPidFile } from '../host/docker.js';
import { ipNetnsDelete, ipNetnsList, ipNetnsPids } from '../host/ip.js';
import { unmountUnder } from '../host/mount.js';
import { isAlive, pidsMentioning, terminate } from '../host/process.js';
import { LAB_RUN_DIR, labPaths } from './paths.js';
import { PRIVATE_DOCKER_HOST } from './runtime-docker.js';
import { PRIVSEP_DIR } from './ssh.js';
import { readState } from './state.js';
import { LAB_LABEL, labNetnsNames } from './topology.js';

export interface DownResult {
  /** One line per thing removed; empty when nothing was there. */
  removed: string[];
}

async function removeContainers(removed: string[]): Promise<void> {
  const state = readState();
  const hosts = new Set<string | undefined>([PRIVATE_DOCKER_HOST]);
  if (state?.docker && !state.docker.private) hosts.add(state.docker.host);
  for (const host of hosts) {
    if (!(await dockerAnswers(host))) continue;
    const ids = await dockerContainersLabeled(host, `${LAB_LABEL}=1`);
    if (ids.length) {
      await docker(host, ['rm', '-f', ...ids], { timeoutMs: 60_000 });
      removed.push(`docker containers ${ids.join(' ')}`);
    }
    // The image stays only on a daemon the lab did not start (the private one goes whole).
    if (state?.docker && !state.docker.private && host === state.docker.host) {
      if ((await docker(host, ['rmi', state.docker.image])).exitCode === 0) removed.push(`docker image ${state.docker.image}`);
    }
  }
}

async function removeNamespaces(removed: string[]): Promise<void> {
  const present = new Set(await ipNetnsList());
  for (const name of labNetnsNames().filter((n) => present.has(n))) {
    // OVS daemons and container processes live in these; they go before the names do.
    const pids = await ipNetnsPids(name);
    await Promise.all(pids.map((p) => terminate(p)));
    await ipNetnsDelete(name);
    removed.push(`netns ${name}${pids.length ? ` (ended pids ${pids.join(' ')})` : ''}`);
  }
}

function pidFrom(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function stopDaemons(removed: string[]): Promise<void> {
  const dockerd = pidFrom(dockerdPidFile(labPaths.docker));
  if (dockerd !== undefined && isAlive(dockerd)) {
    // dockerd stops its own containerd when it exits cleanly.
    await terminate(dockerd, 20_000);
    removed.push(`private dockerd (pid ${dockerd})`);
  }
  // Whatever still names the run directory: daemons whose namespace was already gone, or the
  // containerd and shims of a dockerd that was killed.
  const stragglers = pidsMentioning(LAB_RUN_DIR);
  await Promise.all(stragglers.map((p) => terminate(p)));
  if (stragglers.length) removed.push(`processes using ${LAB_RUN_DIR} (pids ${stragglers.join(' ')})`);
}

/** sshd's privilege separation directory, when `up` made it and it is empty again. */
function removePrivsepDir(removed: string[]): void {
  if (!readState()?.ssh?.createdPrivsepDir || !existsSync(PRIVSEP_DIR)) return;
  try {
    rmdirSync(PRIVSEP_DIR);
    removed.push(`directory ${PRIVSEP_DIR}`);
  } catch {
    // Not empty: another sshd uses it now.
  }
}

export async function tearDown(): Promise<DownResult> {
  const removed: string[] = [];
  await removeContainers(removed);
  await removeNamespaces(removed);
  await stopDaemons(removed);
  removePrivsepDir(removed);
  if (existsSync(LAB_RUN_DIR)) {
    const mounts = await unmountUnder(LAB_RUN_DIR);
    if (mounts.length) removed.push(`mounts ${mounts.join(' ')}`);
    rmSync(LAB_RUN_DIR, { recursive: true, force: true });
    removed.push(`run directory ${LAB_RUN_DIR}`);
  }
  return { removed };
}
