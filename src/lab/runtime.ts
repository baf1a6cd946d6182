// What a "container" is in the lab: a long-running process with its own network namespace, named
// `ovsf-<container>` either way, so everything after start treats both runtimes alike.

import type { ContainerPlan } from './topology.js';
import type { Runtime } from './state.js';

export interface ContainerRuntime {
  kind: Runtime;
  /** Starts the container; afterwards plan.netns names its network namespace. Returns its pid. */
  start(plan: ContainerPlan): Promise<number>;
}
