// Checksum offload on the containers' eth1: on is what Linux sets on a veth (the incident), off is
// the original incident's fix (`ethtool -K eth1 tx off rx off` in each container).

import { ethtoolSet } from '../host/ethtool.js';
import type { ContainerState } from './state.js';

export async function setOffload(containers: readonly ContainerState[], on: boolean): Promise<void> {
  for (const c of containers) await ethtoolSet({ netns: c.netns }, c.iface, { tx: on, rx: on });
}
