// Builds the lab from nothing, step by step, recording each piece in the state file as it goes,
// so status works while it builds. Stops between steps when the signal aborts.

import { setTimeout as sleep } from 'node:timers/promises';
import { ipLinkSet, ipNetnsAdd, ipVethAdd, ipAddrAdd } from '../host/ip.js';
import { runIn } from '../host/netns.js';
import { sysctlSet } from '../host/sysctl.js';
import { EnvironmentError } from '../errors.js';
import { applyInjectors } from './injectors.js';
import { setOffload } from './offload.js';
import type { OverlayBuilder } from './overlay.js';
import { labPaths } from './paths.js';
import { MGMT_IFACE, prepareSsh, startHostSsh } from './ssh.js';
import { kernelOverlay } from './overlay-kernel.js';
import { ovsOverlay } from './overlay-ovs.js';
import type { ContainerRuntime } from './runtime.js';
import { writeState, type ContainerState, type HostState, type LabState } from './state.js';
import { CONTAINERS, containerMtu, hostPlan, hostPlans, isOvsOverlay, TUNNEL_PORT, type ContainerPlan, type HostPlan } from './topology.js';

export type Progress = (line: string) => void;

function overlayBuilder(state: LabState): OverlayBuilder {
  return isOvsOverlay(state.overlay) ? ovsOverlay(state.overlay) : kernelOverlay(state.overlay, containerMtu(state.underlay));
}

async function buildContainer(plan: ContainerPlan, runtime: ContainerRuntime, host: HostState, overlay: OverlayBuilder, mtu: number): Promise<ContainerState> {
  const pid = await runtime.start(plan);
  await ipVethAdd({ name: plan.ovsPort, netns: host.netns }, { name: plan.iface, netns: plan.netns });
  await ipAddrAdd(plan.netns, plan.iface, `${plan.ip}/${plan.prefixlen}`);
  await ipLinkSet(plan.netns, plan.iface, { mtu, up: true });
  await ipLinkSet(host.netns, plan.ovsPort, { up: true });
  await overlay.attach(host, plan.ovsPort);
  return { name: plan.name, host: plan.host, runtime: runtime.kind, pid, netns: plan.netns, iface: plan.iface, ip: plan.ip, ovsPort: plan.ovsPort };
}

/**
 * The exponential SYN backoff (1, 2, 4, 8… s) of the kernels the flannel incident hit; newer
 * kernels resend the first SYNs at 1 s intervals (net.ipv4.tcp_syn_linear_timeouts). Absent: already so.
 */
async function classicSynBackoff(containers: readonly ContainerState[]): Promise<void> {
  for (const c of containers) await sysctlSet({ netns: c.netns }, 'net.ipv4.tcp_syn_linear_timeouts', '0');
}

/** The state's injectors on hostA's underlay egress, towards hostB. */
export function applyLabInjectors(state: LabState): Promise<void> {
  return applyInjectors(hostPlan('hostA', state.underlay), hostPlan('hostB', state.underlay), state.injectors, TUNNEL_PORT[state.overlay]);
}

/** Pings every other container until all answer: ICMP checksums are software-made, so offload does not matter. */
async function waitForDataPath(containers: readonly ContainerState[], signal: AbortSignal, timeoutMs = 20_000): Promise<void> {
  for (const from of containers) {
    for (const to of containers.filter((c) => c !== from)) {
      for (let waited = 0; ; waited += 500) {
        signal.throwIfAborted();
        const r = await runIn({ netns: from.netns }, 'busybox', ['ping', '-c', '1', '-W', '1', to.ip]);
        if (r.exitCode === 0) break;
        if (waited >= timeoutMs) throw new EnvironmentError(`lab data path: ${from.name} cannot ping ${to.name} (${to.ip}) after ${timeoutMs / 1000} s`, r.command);
        await sleep(500);
      }
    }
  }
}

/** Builds everything `state` describes (its hosts and containers lists are filled in here). */
export async function buildLab(state: LabState, runtime: ContainerRuntime, signal: AbortSignal, progress: Progress): Promise<LabState> {
  const step = async <T>(what: string, action: () => Promise<T>): Promise<T> => {
    signal.throwIfAborted();
    progress(what);
    const result = await action();
    writeState(state);
    return result;
  };
  writeState(state);
  const hosts = hostPlans(state.underlay);
  const overlay = overlayBuilder(state);
  const mtu = containerMtu(state.underlay);
  for (const h of hosts) await step(`${h.name}: namespace ${h.netns}`, () => ipNetnsAdd(h.netns));
  const [a, b] = hosts as [HostPlan, HostPlan];
  await step(`underlay wire: ${a.name}/${a.underlay} <-> ${b.name}/${b.underlay}`, async () => {
    await ipVethAdd({ name: a.underlay, netns: a.netns }, { name: b.underlay, netns: b.netns });
    for (const h of hosts) await ipLinkSet(h.netns, h.underlay, { up: true });
  });
  for (const h of hosts) {
    await step(overlay.describe(h), async () => {
      state.hosts.push(await overlay.buildHost(h));
    });
  }
  const ssh = await step(`ssh: client key, known_hosts and config in ${labPaths.ssh}`, async () => (state.ssh = await prepareSsh(hosts.map((h) => h.name))));
  for (const host of state.hosts) {
    await step(`${host.name}: management link ${MGMT_IFACE} and sshd (ssh -F ${ssh.config} ${host.name})`, async () => {
      host.ssh = await startHostSsh(host, ssh);
    });
  }
  for (const c of CONTAINERS) {
    const host = state.hosts.find((h) => h.name === c.host)!;
    await step(`${c.host}: container ${c.name} (${runtime.kind}) ${c.iface} ${c.ip} on ${overlay.bridge} port ${c.ovsPort}`, async () => {
      state.containers.push(await buildContainer(c, runtime, host, overlay, mtu));
    });
  }
  if (!isOvsOverlay(state.overlay)) await step('exponential SYN backoff in every container', () => classicSynBackoff(state.containers));
  if (!state.offload) await step('checksum offload off on every container eth1', () => setOffload(state.containers, false));
  await step('waiting for the data path (ping between containers)', () => waitForDataPath(state.containers, signal));
  const { corrupt, blind, outerCsum } = state.injectors;
  if (corrupt !== undefined || blind !== undefined || outerCsum !== undefined) {
    await step(`hostA: injectors on ${a.underlay} egress`, () => applyLabInjectors(state));
  }
  state.complete = true;
  writeState(state);
  return state;
}
