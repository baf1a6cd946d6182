// What differs between the lab's overlays: how a host joins its containers to the tunnel. The
// build, the containers and the injectors are the same for all of them.

import type { HostState } from './state.js';
import type { HostPlan } from './topology.js';

export interface OverlayBuilder {
  /** The bridge the containers' veths are ports of. */
  bridge: string;
  /** The progress line of a host's build. */
  describe(plan: HostPlan): string;
  /** Gives the host its underlay address and its end of the tunnel. */
  buildHost(plan: HostPlan): Promise<HostState>;
  /** Puts the host end of a container's veth on the bridge the tunnel is on. */
  attach(host: HostState, port: string): Promise<void>;
}
