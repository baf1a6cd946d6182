// Podman: `podman container inspect` prints Docker's format (`.State.Pid`, `.Name` without the '/');
// its storage follows CONTAINERS_STORAGE_CONF like every Podman command.

import { inspectDockerLike } from './docker.js';
import type { InspectResult } from './container-types.js';
import { run } from './run.js';

export async function podmanInspect(name: string): Promise<InspectResult> {
  return inspectDockerLike(await run('podman', ['container', 'inspect', name], { timeoutMs: 10_000 }));
}
