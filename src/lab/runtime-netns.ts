// The netns runtime: a namespace plus a `sleep infinity` inside it, whose pid makes
// `nsenter --target PID --net` behave as it does for a Docker container.

import { ipNetnsAdd } from '../host/ip.js';
import { inNetns } from '../host/netns.js';
import { spawnDetached } from '../host/process.js';
import type { ContainerRuntime } from './runtime.js';

export const netnsRuntime: ContainerRuntime = {
  kind: 'netns',
  async start(plan) {
    await ipNetnsAdd(plan.netns);
    return spawnDetached(...inNetns({ netns: plan.netns }, 'sleep', ['infinity']), { logFile: '/dev/null' });
  },
};
