// The programs the lab runs and the Debian packages that provide them.

import { requirePrograms, requireRoot, type Requirement } from '../host/programs.js';
import type { Runtime } from './state.js';
import { isOvsOverlay, type Overlay } from './topology.js';

const OVS = 'openvswitch-switch';

const BASE: readonly Requirement[] = [
  { program: 'ip', debianPackage: 'iproute2' },
  { program: 'nft', debianPackage: 'nftables' },
  { program: 'ethtool', debianPackage: 'ethtool' },
  // Its ping is the data-path readiness probe; its static binary is the Docker image.
  { program: 'busybox', debianPackage: 'busybox-static' },
  // Each host serves SSH on the management network.
  { program: 'sshd', debianPackage: 'openssh-server' },
  { program: 'ssh', debianPackage: 'openssh-client' },
  { program: 'ssh-keygen', debianPackage: 'openssh-client' },
];

const OVS_PROGRAMS: readonly Requirement[] = [
  { program: 'ovs-vsctl', debianPackage: OVS },
  { program: 'ovsdb-tool', debianPackage: OVS },
  { program: 'ovsdb-server', debianPackage: OVS },
  { program: 'ovs-vswitchd', debianPackage: OVS },
];

// Kernel overlays set the containers' SYN backoff.
const KERNEL_PROGRAMS: readonly Requirement[] = [{ program: 'sysctl', debianPackage: 'procps' }];

const DOCKER: readonly Requirement[] = [
  { program: 'docker', debianPackage: 'docker.io' },
  { program: 'dockerd', debianPackage: 'docker.io' },
  { program: 'tar', debianPackage: 'tar' },
];

/** Root first, then every program `lab up` with this runtime and overlay needs, by Debian package. */
export function requireLab(command: string, runtime: Runtime | undefined, overlay: Overlay): void {
  requireRoot(command);
  requirePrograms([...(isOvsOverlay(overlay) ? OVS_PROGRAMS : KERNEL_PROGRAMS), ...BASE, ...(runtime === 'docker' ? DOCKER : [])]);
}
