// Kernel parameters of a network namespace (`sysctl -w` run inside it: net.* keys are per namespace).

import { EnvironmentError } from '../errors.js';
import { runIn, type NetnsTarget } from './netns.js';

/** Sets `key` to `value`; false when this kernel has no such key, an EnvironmentError on any other failure. */
export async function sysctlSet(target: NetnsTarget, key: string, value: string): Promise<boolean> {
  const r = await runIn(target, 'sysctl', ['-q', '-w', `${key}=${value}`]);
  if (r.exitCode === 0) return true;
  if (/cannot stat/.test(r.stderr)) return false;
  throw new EnvironmentError(`${r.command}: ${r.stderr.split('\n')[0] || `exit ${r.exitCode}`}`, r.command);
}
