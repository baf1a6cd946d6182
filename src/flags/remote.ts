// Remote hosts on the command line: each declared once with --host NAME=ssh://[user@]addr[:port]
// or --host NAME (an alias of the user's ssh config), then named as the first field of a point
// spec (-i hostB:eth0); a first field that names no declared host keeps the spec local.

import { UsageError } from '../errors.js';
import { flagError } from './flag-error.js';
import { CONTROL } from './names.js';
import { isWholeNumber, MAX_PORT } from './numbers.js';

export interface RemoteHost {
  /** The name points use as their prefix, and the first field of their pcapng interface names. */
  name: string;
  /** What ssh connects to: the address of an ssh:// URL, or the alias itself. */
  destination: string;
  user?: string;
  port?: number;
}

/** What ssh and the shell both take as a host alias or user name, without quoting. */
const WORD = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** NAME=ssh://[user@]addr[:port] or NAME (an ssh config alias). */
export function remoteHost(flag: string, value: string): RemoteHost {
  const eq = value.indexOf('=');
  const name = eq < 0 ? value : value.slice(0, eq);
  if (!WORD.test(name)) throw flagError(flag, value, 'expected NAME or NAME=ssh://[user@]address[:port], NAME of letters, digits, . _ -');
  if (eq < 0) return { name, destination: name };
  const url = value.slice(eq + 1);
  const m = /^ssh:\/\/(?:([^@/]+)@)?(\[[0-9A-Fa-f:.]+\]|[^:/@[\]]+)(?::(\d+))?\/?$/.exec(url);
  if (m === null || CONTROL.test(url)) throw flagError(flag, value, 'expected NAME=ssh://[user@]address[:port]');
  const [, user, address, port] = m;
  const host: RemoteHost = { name, destination: address!.replace(/^\[(.*)\]$/, '$1') };
  if (user !== undefined) {
    if (!WORD.test(user)) throw flagError(flag, value, 'the user name is letters, digits, . _ -');
    host.user = user;
  }
  if (port !== undefined) {
    if (!isWholeNumber(port, 1, MAX_PORT)) throw flagError(flag, value, `the port is 1 to ${MAX_PORT}`);
    host.port = Number(port);
  }
  return host;
}

/** Every --host, each name once. */
export function remoteHosts(flag: string, values: readonly string[]): Map<string, RemoteHost> {
  const hosts = new Map<string, RemoteHost>();
  for (const v of values) {
    const h = remoteHost(flag, v);
    if (hosts.has(h.name)) throw flagError(flag, v, `host ${h.name} is declared twice`);
    hosts.set(h.name, h);
  }
  return hosts;
}

/** The declared host a value's first field names, and the rest; no host when the first field names none. */
export function hostPrefix(value: string, hosts: ReadonlyMap<string, RemoteHost>): { host?: RemoteHost; rest: string } {
  const colon = value.indexOf(':');
  const host = colon > 0 ? hosts.get(value.slice(0, colon)) : undefined;
  return host === undefined ? { rest: value } : { host, rest: value.slice(colon + 1) };
}

/** ovsforensics as installed on the remote hosts' PATH. */
export const DEFAULT_REMOTE_COMMAND = 'ovsforensics';

/** How ovsforensics is run on the remote hosts: a shell command line, used as the user wrote it. */
export function remoteCommand(flag: string, value: string): string {
  if (value.trim() === '' || CONTROL.test(value)) throw flagError(flag, value, 'expected a command line, e.g. ovsforensics or "node /opt/ovsforensics/dist/src/cli.js"');
  return value;
}

/** A flag that only means something with remote points. */
export function needsHosts(flag: string, hosts: ReadonlyMap<string, RemoteHost>): void {
  if (hosts.size === 0) throw new UsageError(`${flag} needs --host`);
}
