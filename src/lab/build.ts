// Builds the lab from nothing, step by step, recording each piece in the state file as it goes,
// so status works while it builds. Stops between steps when the signal aborts.

import { mkdirSync } from 'node:fs';
import { ipAddrAdd, ipLinkSet, ipNetnsAdd, ipVethAdd } from '../host/ip.js';
import { runIn } from '../host/netns.js';
import { ovsBridgeAddNetdev, ovsInstance, ovsPortAdd, ovsStart } from '../host/ovs.js';
import { EnvironmentError } from '../errors.js';
import { applyInjectors } from './injectors.js';
import { setOffload } from './offload.js';
import { labPaths } from './paths.js';
import type { ContainerRuntime } from './runtime.js';
import { writeState, type ContainerState, type HostState, type LabState } from './state.js';
import { CONTAINER_MTU, CONTAINERS, HOSTS, VNI, hostPlan, type ContainerPlan, type HostPlan } from './topology.js';

export type Progress = (line: string) => void;

async function buildHost(plan: HostPlan): Promise<HostState> {
  const ovs = ovsInstance(labPaths.host(plan.name));
  mkdirSync(ovs.dir, { recursive: true });
  await ovsStart({ netns: plan.netns }, ovs);
  await ovsBridgeAddNetdev(ovs.db, 'br-phy');
  await ovsPortAdd(ovs.db, 'br-phy', plan.underlay);
  // The userspace VXLAN port routes through the host IP, which must sit on the bridge holding the underlay.
  await ipAddrAdd(plan.netns, 'br-phy', `${plan.ip}/${plan.prefixlen}`);
  await ipLinkSet(plan.netns, 'br-phy', { up: true });
  await ovsBridgeAddNetdev(ovs.db, 'br-int');
  await ovsPortAdd(ovs.db, 'br-int', 'vxlan0', { type: 'vxlan', 'options:remote_ip': plan.remoteIp, 'options:key': String(VNI) });
  return { name: plan.name, netns: plan.netns, underlay: plan.underlay, ip: plan.ip, ovsdb: ovs.db, ovsDir: ovs.dir };
}

async function buildContainer(plan: ContainerPlan, runtime: ContainerRuntime, host: HostState): Promise<ContainerState> {
  const pid = await runtime.start(plan);
  await ipVethAdd({ name: plan.ovsPort, netns: host.netns }, { name: plan.iface, netns: plan.netns });
  await ipAddrAdd(plan.netns, plan.iface, `${plan.ip}/${plan.prefixlen}`);
  await ipLinkSet(plan.netns, plan.iface, { mtu: CONTAINER_MTU, up: true });
  await ipLinkSet(host.netns, plan.ovsPort, { up: true });
  await ovsPortAdd(host.ovsdb, 'br-int', plan.ovsPort);
  return { name: plan.name, host: plan.host, runtime: runtime.kind, pid, netns: plan.netns, iface: plan.iface, ip: plan.ip, ovsPort: plan.ovsPort };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

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
  for (const h of HOSTS) await step(`${h.name}: namespace ${h.netns}`, () => ipNetnsAdd(h.netns));
  const [a, b] = HOSTS as [HostPlan, HostPlan];
  await step(`underlay wire: ${a.name}/${a.underlay} <-> ${b.name}/${b.underlay}`, async () => {
    await ipVethAdd({ name: a.underlay, netns: a.netns }, { name: b.underlay, netns: b.netns });
    for (const h of HOSTS) await ipLinkSet(h.netns, h.underlay, { up: true });
  });
  for (const h of HOSTS) {
    await step(`${h.name}: Open vSwitch (userspace datapath), br-phy ${h.ip}, br-int + vxlan0 key=${VNI} -> ${h.remoteIp}`, async () => {
      state.hosts.push(await buildHost(h));
    });
  }
  for (const c of CONTAINERS) {
    const host = state.hosts.find((h) => h.name === c.host)!;
    await step(`${c.host}: container ${c.name} (${runtime.kind}) ${c.iface} ${c.ip} on br-int port ${c.ovsPort}`, async () => {
      state.containers.push(await buildContainer(c, runtime, host));
    });
  }
  if (!state.offload) await step('checksum offload off on every container eth1', () => setOffload(state.containers, false));
  if (state.injectors.corrupt !== undefined || state.injectors.blind !== undefined) {
    const a0 = hostPlan('hostA');
    await step(`hostA: injectors on ${a0.underlay} egress`, () => applyInjectors(a0.netns, a0.underlay, state.injectors));
  }
  await step('waiting for the data path (ping between containers)', () => waitForDataPath(state.containers, signal));
  state.complete = true;
  writeState(state);
  return state;
}
