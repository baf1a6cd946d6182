// The container runtimes a container name is looked up in, in the order auto-detection asks them:
// Docker (DOCKER_HOST honoured), Podman, nerdctl, the CRI (crictl), then containerd's own ctr.
// Each answers in one shape (container-types.ts); its command lines live in its own module.

import type { ContainerRuntime, InspectResult } from './container-types.js';
import { crictlInspect } from './crictl.js';
import { ctrInspect } from './ctr.js';
import { dockerInspect } from './docker.js';
import { nerdctlInspect } from './nerdctl.js';
import { podmanInspect } from './podman.js';

export { CONTAINER_RUNTIMES, type ContainerRuntime } from './container-types.js';

const INSPECT: Record<ContainerRuntime, (name: string) => Promise<InspectResult>> = {
  docker: dockerInspect,
  podman: podmanInspect,
  nerdctl: nerdctlInspect,
  crictl: crictlInspect,
  ctr: ctrInspect,
};

/** Asks one runtime's CLI about a container by name (or id). */
export function inspectContainer(runtime: ContainerRuntime, name: string): Promise<InspectResult> {
  return INSPECT[runtime](name);
}
