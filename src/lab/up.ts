// `lab up`: builds the lab, or brings an existing healthy one to the requested offload and
// injector settings (idempotent); one with another overlay or underlay family is rebuilt. A failed
// or interrupted build is torn down before returning.

import { UsageError } from '../errors.js';
import { dockerAnswers } from '../host/docker.js';
import { ipNetnsList } from '../host/ip.js';
import { ovsDaemonPids, ovsInstance } from '../host/ovs.js';
import { findProgram } from '../host/programs.js';
import { isAlive } from '../host/process.js';
import { withUndo } from '../host/undo.js';
import { applyLabInjectors, buildLab, type Progress } from './build.js';
import { tearDown } from './down.js';
import { setOffload } from './offload.js';
import { requireLab } from './requirements.js';
import { sshAlive } from './ssh.js';
import { netnsRuntime } from './runtime-netns.js';
import { dockerRuntime, ensureDocker, ensureImage } from './runtime-docker.js';
import { readState, writeState, type InjectorSettings, type LabState, type Runtime } from './state.js';
import { isOvsOverlay, labNetnsNames, type Overlay, type UnderlayFamily } from './topology.js';

export interface UpOptions {
  /** Default: docker when a Docker daemon answers, else netns. */
  runtime?: Runtime;
  overlay: Overlay;
  underlay: UnderlayFamily;
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

/** Every namespace, OVS daemon (of the OVS overlay), container process (and a private dockerd) is still there. */
async function isHealthy(state: LabState): Promise<boolean> {
  const present = new Set(await ipNetnsList());
  if (!labNetnsNames().every((n) => present.has(n))) return false;
  const daemons = state.hosts.flatMap((h) => (h.ovsDir === undefined ? [] : ovsDaemonPids(ovsInstance(h.ovsDir))));
  const pids = [...daemons, ...state.containers.map((c) => c.pid)];
  const expected = (isOvsOverlay(state.overlay) ? state.hosts.length * 2 : 0) + state.containers.length;
  if (pids.length !== expected || !pids.every(isAlive) || !sshAlive(state.hosts)) return false;
  return state.docker?.private ? dockerAnswers(state.docker.host) : true;
}

async function reconfigure(state: LabState, options: UpOptions, progress: Progress): Promise<UpResult> {
  progress(`lab already up (${state.runtime}): setting offload ${options.offload ? 'on' : 'off'} and injectors`);
  await setOffload(state.containers, options.offload);
  const updated: LabState = { ...state, offload: options.offload, injectors: options.injectors };
  await applyLabInjectors(updated);
  writeState(updated);
  return { reused: true, state: updated };
}

export async function labUp(options: UpOptions): Promise<UpResult> {
  requireLab('lab up', options.runtime, options.overlay);
  const progress = options.progress ?? (() => undefined);
  const existing = readState();
  if (existing?.complete && (await isHealthy(existing))) {
    if (options.runtime !== undefined && options.runtime !== existing.runtime) {
      throw new UsageError(`the lab is up with runtime ${existing.runtime}: run \`ovsforensics lab down\` first to switch to ${options.runtime}`);
    }
    if (existing.overlay === options.overlay && existing.underlay === options.underlay) return reconfigure(existing, options, progress);
    progress(`lab up with overlay ${existing.overlay} over ${existing.underlay}: rebuilding it with ${options.overlay} over ${options.underlay}`);
  }
  const runtime = options.runtime ?? (await defaultRuntime());
  requireLab('lab up', runtime, options.overlay);
  return withUndo(
    async (signal) => {
      const leftovers = await tearDown();
      if (leftovers.removed.length) progress(`removed leftovers of an earlier lab: ${leftovers.removed.join('; ')}`);
      const state: LabState = {
        schema: 'ovsforensics.lab-state/1',
        runtime,
        overlay: options.overlay,
        underlay: options.underlay,
        offload: options.offload,
        injectors: options.injectors,
        hosts: [],
        containers: [],
        complete: false,
      };
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
