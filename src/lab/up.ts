// `lab up`: builds the lab, or brings an existing healthy one to the requested offload and
// injector settings (idempotent). A failed or interrupted build is torn down before returning.

import { UsageError } from '../errors.js';
import { dockerAnswers } from '../host/docker.js';
import { ipNetnsList } from '../host/ip.js';
import { ovsDaemonPids, ovsInstance } from '../host/ovs.js';
import { findProgram } from '../host/programs.js';
import { isAlive } from '../host/process.js';
import { withUndo } from '../host/undo.js';
import { buildLab, type Progress } from './build.js';
import { tearDown } from './down.js';
import { applyInjectors } from './injectors.js';
import { setOffload } from './offload.js';
import { requireLab } from './requirements.js';
import { netnsRuntime } from './runtime-netns.js';
import { dockerRuntime, ensureDocker, ensureImage } from './runtime-docker.js';
import { readState, writeState, type InjectorSettings, type LabState, type Runtime } from './state.js';
import { hostPlan, labNetnsNames } from './topology.js';

export interface UpOptions {
  /** Default: docker when a Docker daemon answers, else netns. */
  runtime?: Runtime;
  offload: boolean;
  injectors: InjectorSettings;
  progress?: Progress;
}

export interface UpResult {
  /** The lab was already up and was only brought to these settings. */
  reused: boolean;
  state: LabState;
}

async function defaultRuntime(): Promise<Runtime> {
  return findProgram('docker') !== undefined && (await dockerAnswers(undefined)) ? 'docker' : 'netns';
}

/** Every namespace, OVS daemon, container process (and a private dockerd) is still there. */
async function isHealthy(state: LabState): Promise<boolean> {
  const present = new Set(await ipNetnsList());
  if (!labNetnsNames().every((n) => present.has(n))) return false;
  const pids = [...state.hosts.flatMap((h) => ovsDaemonPids(ovsInstance(h.ovsDir))), ...state.containers.map((c) => c.pid)];
  if (pids.length !== state.hosts.length * 2 + state.containers.length || !pids.every(isAlive)) return false;
  return state.docker?.private ? dockerAnswers(state.docker.host) : true;
}

async function reconfigure(state: LabState, options: UpOptions, progress: Progress): Promise<UpResult> {
  progress(`lab already up (${state.runtime}): setting offload ${options.offload ? 'on' : 'off'} and injectors`);
  await setOffload(state.containers, options.offload);
  const a = hostPlan('hostA');
  await applyInjectors(a.netns, a.underlay, options.injectors);
  const updated: LabState = { ...state, offload: options.offload, injectors: options.injectors };
  writeState(updated);
  return { reused: true, state: updated };
}

export async function labUp(options: UpOptions): Promise<UpResult> {
  requireLab('lab up', options.runtime);
  const progress = options.progress ?? (() => undefined);
  const existing = readState();
  if (existing?.complete && (await isHealthy(existing))) {
    if (options.runtime !== undefined && options.runtime !== existing.runtime) {
      throw new UsageError(`the lab is up with runtime ${existing.runtime}: run \`ovsforensics lab down\` first to switch to ${options.runtime}`);
    }
    return reconfigure(existing, options, progress);
  }
  const runtime = options.runtime ?? (await defaultRuntime());
  requireLab('lab up', runtime);
  return withUndo(
    async (signal) => {
      const leftovers = await tearDown();
      if (leftovers.removed.length) progress(`removed leftovers of an earlier lab: ${leftovers.removed.join('; ')}`);
      const state: LabState = { schema: 'ovsforensics.lab-state/1', runtime, offload: options.offload, injectors: options.injectors, hosts: [], containers: [], complete: false };
      writeState(state);
      let containers = netnsRuntime;
      if (runtime === 'docker') {
        progress('docker: a daemon that answers (or a private dockerd) and the busybox image, imported offline');
        state.docker = await ensureDocker();
        writeState(state);
        signal.throwIfAborted();
        await ensureImage(state.docker.host);
        containers = dockerRuntime(state.docker.host);
      }
      return { reused: false, state: await buildLab(state, containers, signal, progress) };
    },
    async () => {
      progress('undoing the partial lab');
      await tearDown();
    },
  );
}
