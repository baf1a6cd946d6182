// Finds the programs a command needs before it changes anything, so a missing one is reported as
// the Debian package to install rather than as a failure halfway through building something.

import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { EnvironmentError } from '../errors.js';

export interface Requirement {
  program: string;
  debianPackage: string;
}

/** What looking into and changing a container's network namespace from outside takes (doctor, fix). */
export const NAMESPACE_TOOLS: readonly Requirement[] = [
  { program: 'ip', debianPackage: 'iproute2' },
  { program: 'ethtool', debianPackage: 'ethtool' },
  { program: 'nsenter', debianPackage: 'util-linux' },
];

// Root's tools live in sbin directories that a user's PATH often lacks.
const SBIN_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

/** The absolute path of an executable found on `searchPath` or in the sbin directories. */
export function findProgram(program: string, searchPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of [...searchPath.split(delimiter).filter(Boolean), ...SBIN_DIRS]) {
    const candidate = join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** Throws one EnvironmentError naming the Debian package of the first missing program. */
export function requirePrograms(requirements: readonly Requirement[], searchPath?: string): void {
  for (const r of requirements) {
    if (findProgram(r.program, searchPath) === undefined) {
      throw new EnvironmentError(`${r.program} not found: install the Debian package ${r.debianPackage}`, r.program);
    }
  }
}

/** Throws an EnvironmentError unless this process runs as root. */
export function requireRoot(what: string): void {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new EnvironmentError(`${what} needs root (network namespaces, Open vSwitch, nftables): run it with sudo`);
  }
}
