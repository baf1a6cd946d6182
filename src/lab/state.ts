// The lab's state as JSON in its run directory, so status, traffic and down work from a new process.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { HostName, Overlay, UnderlayFamily } from './topology.js';
import { labPaths } from './paths.js';

export type Runtime = 'netns' | 'docker';

export interface ContainerState {
  name: string;
  host: HostName;
  runtime: Runtime;
  pid: number;
  netns: string;
  iface: string;
  ip: string;
  ovsPort: string;
}

export interface HostState {
  name: HostName;
  netns: string;
  underlay: string;
  ip: string;
  /** OVS overlay only: the host's private Open vSwitch. */
  ovsdb?: string;
  ovsDir?: string;
  /** Its sshd on the management network: `ssh -F <config> <alias>`, or the target as a URL. */
  ssh?: { alias: string; target: string; address: string; port: number; pid: number };
}

/** The lab's SSH client files; whether `up` made sshd's privilege separation directory (down removes it then). */
export interface SshSettings {
  config: string;
  identity: string;
  knownHosts: string;
  createdPrivsepDir: boolean;
}

export interface InjectorSettings {
  /** Percent of large VXLAN frames damaged with a stale inner checksum. */
  corrupt?: number;
  /** Percent of 0x07-pattern frames damaged without changing the checksum. */
  blind?: number;
  /** Percent of tunnelled TCP frames whose outer UDP checksum is made wrong (the flannel case). */
  outerCsum?: number;
}

export interface LabState {
  schema: 'ovsforensics.lab-state/1';
  runtime: Runtime;
  overlay: Overlay;
  /** The address family of the underlay, hence of the tunnel's outer headers. */
  underlay: UnderlayFamily;
  offload: boolean;
  injectors: InjectorSettings;
  /** The Docker daemon the containers run on, and whether the lab started it. */
  docker?: { host: string | undefined; private: boolean; image: string };
  ssh?: SshSettings;
  hosts: HostState[];
  containers: ContainerState[];
  /** False while `up` is still building. */
  complete: boolean;
}

export function readState(path = labPaths.state): LabState | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LabState;
  } catch {
    return undefined;
  }
}

/** Written to a temporary file and renamed, so a reader never sees half a state. */
export function writeState(state: LabState, path = labPaths.state): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}
