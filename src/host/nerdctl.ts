// nerdctl (containerd's Docker-compatible CLI): `nerdctl container inspect` prints Docker's
// format by default (--mode dockercompat); CONTAINERD_ADDRESS and CONTAINERD_NAMESPACE apply.

import { inspectDockerLike } from './docker.js';
import type { InspectResult } from './container-types.js';
import { run } from './run.js';

export async function nerdctlInspect(name: string): Promise<InspectResult> {
  return inspectDockerLike(await run('nerdctl', ['container', 'inspect', name], { timeoutMs: 10_000 }));
}
