// Names on the command line: interfaces by the kernel's rule, namespaces by iproute2's, containers
// by the runtimes' common pattern, OVS ports and point names as printable labels, and fixed choices.

import { CONTAINER_RUNTIMES, type ContainerRuntime } from '../host/container-types.js';
import { flagError } from './flag-error.js';

export const CONTROL = /\p{Cc}/u;
const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** The kernel's dev_valid_name: 1 to 15 bytes (IFNAMSIZ 16 with the NUL), not . or .., no '/', ':' or whitespace. */
export function interfaceName(flag: string, value: string): string {
  const ok = value !== '' && utf8Bytes(value) <= 15 && value !== '.' && value !== '..' && !/[/:\s]/u.test(value) && !CONTROL.test(value);
  if (!ok) throw flagError(flag, value, "expected an interface name: 1 to 15 bytes, no '/', ':' or whitespace");
  return value;
}

/** What `ip netns` accepts as a name (a file in /run/netns): up to 255 bytes, not . or .., no '/'. */
export function namespaceName(flag: string, value: string): string {
  const ok = value !== '' && utf8Bytes(value) <= 255 && value !== '.' && value !== '..' && !value.includes('/') && !CONTROL.test(value);
  if (!ok) throw flagError(flag, value, "expected a network namespace name (see ip netns list): no '/' or control characters");
  return value;
}

/** A namespace name, or an absolute path to a namespace file (/proc/PID/ns/net, a CNI netns under /var/run/netns). */
export function namespaceNameOrPath(flag: string, value: string): string {
  if (!value.startsWith('/')) return namespaceName(flag, value);
  if (CONTROL.test(value) || value.includes(':')) throw flagError(flag, value, "expected a network namespace name or an absolute path without ':' or control characters");
  return value;
}

// Docker's, Podman's and nerdctl's container name pattern; Kubernetes names (crictl) fit it too.
const CONTAINER = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/;

export function containerName(flag: string, value: string): string {
  if (!CONTAINER.test(value)) throw flagError(flag, value, 'expected a container name or id: letters, digits, _ . - (not first)');
  return value;
}

/** A name shown in reports and lines (a capture point, an OVS port): any text but empty or with control characters. */
export function label(flag: string, value: string): string {
  if (value === '' || CONTROL.test(value)) throw flagError(flag, value, 'expected a name without control characters');
  return value;
}

/** One of a fixed set of values. */
export function choice<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw flagError(flag, value, `expected ${allowed.length === 2 ? allowed.join(' or ') : `one of ${allowed.join(', ')}`}`);
  return value as T;
}

/** The container runtimes src/host/containers.ts can ask for a container's pid. */
export function containerRuntime(flag: string, value: string): ContainerRuntime {
  return choice(flag, value, CONTAINER_RUNTIMES);
}
