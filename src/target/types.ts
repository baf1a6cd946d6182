// What the command line names as a place to look (a scope and maybe an interface), and what it
// resolves to: a namespace programs can enter and an interface that exists there.

import type { ContainerRuntime } from '../host/containers.js';
import type { NetnsTarget } from '../host/netns.js';

export type Scope =
  | { kind: 'current' }
  /** A name `ip netns` knows, or an absolute path to a namespace file. */
  | { kind: 'netns'; name: string }
  | { kind: 'pid'; pid: number }
  /** runtime: ask only this one; otherwise every runtime in order, then the lab. */
  | { kind: 'container'; name: string; runtime?: ContainerRuntime };

/** The interface the incident's fix (`ethtool -K eth1`) names: a container's when none is named. */
export const DEFAULT_IFACE = 'eth1';

export interface TargetSpec {
  scope: Scope;
  /** Undefined: eth1 when the namespace has it, else its only interface. */
  iface?: string;
}

/** Who the user named, resolved: the same shape for capture, doctor and fix. */
export interface Target {
  kind: Scope['kind'];
  /** The container name, namespace name or path, or pid as given; "current" for this namespace. */
  name: string;
  /** The runtime that knew the container ("lab" for a container of the ovsforensics lab). */
  runtime?: string;
  pid?: number;
  /** How programs reach its namespace. */
  netns: NetnsTarget;
  /** Inode of its network namespace: the same for every way of naming it. */
  netnsInode: number;
  iface: string;
  /** The commands that resolved it (runtime inspect, ip link). */
  commands: string[];
}
