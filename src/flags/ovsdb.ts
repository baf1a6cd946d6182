// An OVSDB connection string as ovs-vsctl --db takes it (the "remote" forms of ovsdb-server(1)):
// unix:FILE, punix:FILE, tcp:IP:PORT, ssl:IP:PORT, ptcp:PORT[:IP], pssl:PORT[:IP]; IPv6 in
// brackets. A plain path to a socket is taken as unix:PATH. unix: must name an existing socket.

import { statSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { flagError } from './flag-error.js';
import { CONTROL, namespaceName } from './names.js';
import { isWholeNumber, MAX_PORT } from './numbers.js';

const FORMS = 'unix:PATH, punix:PATH, tcp:IP:PORT, ssl:IP:PORT, ptcp:PORT[:IP], pssl:PORT[:IP], or the path of a socket';
const METHODS = ['unix', 'punix', 'tcp', 'ssl', 'ptcp', 'pssl'];

const isPort = (s: string): boolean => isWholeNumber(s, 1, MAX_PORT);

/** IPv4, or IPv6 in brackets (the brackets keep its colons apart from the port's). */
function isIp(s: string): boolean {
  return isIPv4(s) || (s.startsWith('[') && s.endsWith(']') && isIPv6(s.slice(1, -1)));
}

/** "IP:PORT" (active forms) or "PORT[:IP]" (passive forms). */
function isEndpoint(rest: string, passive: boolean): boolean {
  if (passive) {
    const colon = rest.indexOf(':');
    return colon < 0 ? isPort(rest) : isPort(rest.slice(0, colon)) && isIp(rest.slice(colon + 1));
  }
  const colon = rest.lastIndexOf(':');
  return colon > 0 && isIp(rest.slice(0, colon)) && isPort(rest.slice(colon + 1));
}

/** Why no socket is at path, or undefined when one is; a path we may not look into (EACCES) is left to ovs-vsctl. */
function noSocket(path: string): string | undefined {
  try {
    return statSync(path).isSocket() ? undefined : `${path} is not a socket`;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'EACCES' ? undefined : `no socket at ${path}`;
  }
}

/** The connection string to pass to ovs-vsctl --db. */
export function ovsDb(flag: string, value: string): string {
  if (value === '' || CONTROL.test(value)) throw flagError(flag, value, `expected ${FORMS}`);
  const colon = value.indexOf(':');
  const method = colon < 0 ? '' : value.slice(0, colon);
  const rest = value.slice(colon + 1);
  if (method === 'unix' && rest !== '') {
    // OVS reads a relative unix: path against its run directory (OVS_RUNDIR), as ovs-vsctl will.
    const missing = noSocket(isAbsolute(rest) ? rest : resolve(process.env.OVS_RUNDIR ?? '/var/run/openvswitch', rest));
    if (missing !== undefined) throw flagError(flag, value, missing);
    return value;
  }
  if (method === 'punix' && rest !== '') return value;
  if ((method === 'tcp' || method === 'ssl') && isEndpoint(rest, false)) return value;
  if ((method === 'ptcp' || method === 'pssl') && isEndpoint(rest, true)) return value;
  if (!METHODS.includes(method)) {
    const path = resolve(value);
    const missing = noSocket(path);
    if (missing === undefined) return `unix:${path}`;
    throw flagError(flag, value, `expected ${FORMS} (${missing})`);
  }
  throw flagError(flag, value, `expected ${FORMS}`);
}

/** Where OVS lives, as --ovs-db and --ovs-netns say (doctor's and fix's), each value checked. */
export function ovsLocation(o: { ovsDb?: string; ovsNetns?: string }): { ovsDb?: string; ovsNetns?: string } {
  return {
    ...(o.ovsDb === undefined ? {} : { ovsDb: ovsDb('--ovs-db', o.ovsDb) }),
    ...(o.ovsNetns === undefined ? {} : { ovsNetns: namespaceName('--ovs-netns', o.ovsNetns) }),
  };
}
