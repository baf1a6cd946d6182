// The docker runtime: real containers (`--network none`) from a busybox image imported offline,
// on the daemon that answers or else on a private dockerd the lab starts and later stops.

import { copyFileSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentError } from '../errors.js';
import { docker, dockerAnswers, dockerChecked, dockerContainerPid, dockerdStart } from '../host/docker.js';
import { ipNetnsAttach } from '../host/ip.js';
import { findProgram } from '../host/programs.js';
import { runChecked } from '../host/run.js';
import { labPaths } from './paths.js';
import type { ContainerRuntime } from './runtime.js';
import type { LabState } from './state.js';
import { LAB_LABEL } from './topology.js';

export const LAB_IMAGE = 'ovsforensics-lab/busybox:1';

/** The private dockerd's socket, whether or not it runs. */
export const PRIVATE_DOCKER_HOST = `unix://${join(labPaths.docker, 'docker.sock')}`;

/** The daemon to use: the default one if it answers, the lab's private one, or a newly started private one. */
export async function ensureDocker(): Promise<NonNullable<LabState['docker']>> {
  if (await dockerAnswers(undefined)) return { host: undefined, private: false, image: LAB_IMAGE };
  if (!(await dockerAnswers(PRIVATE_DOCKER_HOST))) {
    mkdirSync(labPaths.docker, { recursive: true });
    await dockerdStart(labPaths.docker);
  }
  return { host: PRIVATE_DOCKER_HOST, private: true, image: LAB_IMAGE };
}

/** Imports a one-binary image (static busybox) unless the daemon has it: nothing is pulled. */
export async function ensureImage(host: string | undefined): Promise<void> {
  if ((await docker(host, ['image', 'inspect', LAB_IMAGE])).exitCode === 0) return;
  const busybox = findProgram('busybox');
  if (!busybox) throw new EnvironmentError('busybox not found: install the Debian package busybox-static', 'busybox');
  const rootfs = join(labPaths.image, 'rootfs');
  rmSync(labPaths.image, { recursive: true, force: true });
  mkdirSync(join(rootfs, 'bin'), { recursive: true });
  copyFileSync(busybox, join(rootfs, 'bin', 'busybox'));
  symlinkSync('busybox', join(rootfs, 'bin', 'sh'));
  const tarball = join(labPaths.image, 'rootfs.tar');
  await runChecked('tar', ['-C', rootfs, '-cf', tarball, '.']);
  await dockerChecked(host, ['import', tarball, LAB_IMAGE], { timeoutMs: 120_000 });
}

export function dockerRuntime(host: string | undefined): ContainerRuntime {
  return {
    kind: 'docker',
    async start(plan) {
      const owner = await docker(host, ['inspect', '--format', `{{index .Config.Labels "${LAB_LABEL}"}}`, plan.name]);
      if (owner.exitCode === 0 && owner.stdout.trim() !== '1') {
        throw new EnvironmentError(`a docker container named ${plan.name} exists and is not the lab's: remove or rename it`, owner.command);
      }
      if (owner.exitCode === 0) await dockerChecked(host, ['rm', '-f', plan.name]);
      await dockerChecked(host, ['run', '-d', '--name', plan.name, '--hostname', plan.name, '--network', 'none', '--label', `${LAB_LABEL}=1`, LAB_IMAGE, '/bin/busybox', 'sleep', 'infinity'], { timeoutMs: 60_000 });
      const pid = await dockerContainerPid(host, plan.name);
      await ipNetnsAttach(plan.netns, pid);
      return pid;
    },
  };
}
