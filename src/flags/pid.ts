// A process id from the command line: decimal within the kernel's limit, and a running process.
// Anything looser is dangerous: nsenter truncates 2^32 + N to N and enters another namespace.

import { existsSync } from 'node:fs';
import { flagError } from './flag-error.js';
import { wholeNumber } from './numbers.js';

/** PID_MAX_LIMIT: /proc/sys/kernel/pid_max can be raised to this and no further. */
export const PID_MAX_LIMIT = 4_194_304;

export function pid(flag: string, value: string): number {
  const n = wholeNumber(flag, value, 1, PID_MAX_LIMIT, `a process id, decimal from 1 to ${PID_MAX_LIMIT}`);
  if (!existsSync(`/proc/${n}`)) throw flagError(flag, value, 'no such process');
  return n;
}
