// Compound values: analyze's --point NAME[:ROLE]=FILE, correlate's NAME=FILE[#IFNAME] and
// capture's NAME[:IFACE]; each part is checked by the parser for its kind.

import { existsSync } from 'node:fs';
import type { CaptureSpec } from '../analyze/analyze-files.js';
import type { PointSpec } from '../analyze/correlate/index.js';
import type { Direction } from '../pcap/types.js';
import { flagError } from './flag-error.js';
import { interfaceName, label } from './names.js';

const ROLES: Record<string, Direction> = {
  in: 'inbound',
  inbound: 'inbound',
  rx: 'inbound',
  receiver: 'inbound',
  out: 'outbound',
  outbound: 'outbound',
  tx: 'outbound',
  sender: 'outbound',
};

/** NAME and FILE of NAME=FILE, both non-empty; FILE may hold further '='. */
function nameAndFile(flag: string, value: string, forms: string): [string, string] {
  const eq = value.indexOf('=');
  if (eq <= 0 || eq === value.length - 1) throw flagError(flag, value, `expected ${forms}`);
  return [value.slice(0, eq), value.slice(eq + 1)];
}

/** NAME=FILE or NAME:ROLE=FILE, ROLE one of inbound/outbound (or in, rx, receiver / out, tx, sender). */
export function analyzePoint(flag: string, value: string): CaptureSpec {
  const [left, path] = nameAndFile(flag, value, 'NAME=FILE or NAME:ROLE=FILE');
  const [name, roleWord] = left.split(':', 2) as [string, string | undefined];
  const point = label(flag, name);
  if (roleWord === undefined) return { path, point };
  const role = ROLES[roleWord.toLowerCase()];
  if (role === undefined) throw flagError(flag, value, `role '${roleWord}' is not inbound or outbound`);
  return { path, point, role };
}

/** NAME=FILE, or NAME=FILE#IFNAME for one interface of a pcapng (a '#' that is part of an existing path stays in it). */
export function correlatePoint(flag: string, value: string): PointSpec {
  const [name, target] = nameAndFile(flag, value, 'NAME=FILE or NAME=FILE#IFNAME');
  label(flag, name);
  const hash = target.lastIndexOf('#');
  if (hash <= 0 || hash === target.length - 1 || existsSync(target)) return { name, path: target };
  // A pcapng names its interfaces freely (not by the kernel's rule): only printable is asked.
  return { name, path: target.slice(0, hash), interface: label(flag, target.slice(hash + 1)) };
}

/** NAME or NAME:IFACE: the name as `name` checks it, the interface by the kernel's rule. */
export function scoped<T>(flag: string, value: string, name: (flag: string, value: string) => T): { name: T; iface?: string } {
  const colon = value.indexOf(':');
  if (colon === 0 || colon === value.length - 1) throw flagError(flag, value, 'expected NAME or NAME:IFACE');
  if (colon < 0) return { name: name(flag, value) };
  return { name: name(flag, value.slice(0, colon)), iface: interfaceName(flag, value.slice(colon + 1)) };
}
