// The lab's management network and SSH, so commands reach the lab's hosts the way they reach real
// ones: each host namespace gets a veth to the root namespace (`ovsf-mgmt-hostA` ↔ `mgmt0`, in
// 198.18.0.0/24, set aside for benchmark labs by RFC 2544) and its own sshd listening there, with
// a client key, host keys, known_hosts and an ssh config made for this lab alone (docs/lab.md).

import { setTimeout as sleep } from 'node:timers/promises';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { EnvironmentError } from '../errors.js';
import { ipAddrAdd, ipAddresses, ipLinkSet, ipVethAdd } from '../host/ip.js';
import { isAlive } from '../host/process.js';
import { sshdStart, sshKeygen, sshRun } from '../host/ssh.js';
import { labPaths } from './paths.js';
import type { HostState, SshSettings } from './state.js';
import { NETNS_PREFIX, type HostName } from './topology.js';

export const MGMT_IFACE = 'mgmt0';
const SSH_PORT = 22;

/** One /30 per host: the root namespace's end .1 (.5), the host's .2 (.6). */
const MGMT_PREFIX = '198.18.0.';
const MGMT: Record<HostName, { root: string; host: string }> = {
  hostA: { root: `${MGMT_PREFIX}1`, host: `${MGMT_PREFIX}2` },
  hostB: { root: `${MGMT_PREFIX}5`, host: `${MGMT_PREFIX}6` },
};

const dir = labPaths.ssh;
const files = {
  identity: join(dir, 'id_ed25519'),
  authorizedKeys: join(dir, 'authorized_keys'),
  knownHosts: join(dir, 'known_hosts'),
  config: join(dir, 'config'),
  hostKey: (h: HostName) => join(dir, h, 'ssh_host_ed25519_key'),
  sshdConfig: (h: HostName) => join(dir, h, 'sshd_config'),
  pidFile: (h: HostName) => join(dir, h, 'sshd.pid'),
  log: (h: HostName) => join(dir, h, 'sshd.log'),
};

/** sshd's privilege separation directory, compiled in; Debian's service makes it at boot. */
export const PRIVSEP_DIR = '/run/sshd';

export function sshdConfig(h: HostName): string {
  return [
    `ListenAddress ${MGMT[h].host}:${SSH_PORT}`,
    `HostKey ${files.hostKey(h)}`,
    `PidFile ${files.pidFile(h)}`,
    `AuthorizedKeysFile ${files.authorizedKeys}`,
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    // No PAM: nothing of the machine's login stack (logind, limits, motd) is involved.
    'UsePAM no',
    'X11Forwarding no',
    'PrintMotd no',
    'LogLevel ERROR',
    '',
  ].join('\n');
}

export function clientConfig(hosts: readonly HostName[]): string {
  return hosts
    .map((h) =>
      [
        // The address too: `lab status`'s ssh://root@ADDR targets get the same key and known_hosts.
        `Host ${h} ${MGMT[h].host}`,
        `  HostName ${MGMT[h].host}`,
        `  Port ${SSH_PORT}`,
        '  User root',
        `  IdentityFile ${files.identity}`,
        '  IdentitiesOnly yes',
        `  UserKnownHostsFile ${files.knownHosts}`,
        '  StrictHostKeyChecking yes',
        '  BatchMode yes',
        '  LogLevel ERROR',
        '',
      ].join('\n'),
    )
    .join('');
}

/** The lab-wide pieces: the directory (root's only), the client key, the ssh config; the privsep dir if missing. */
export async function prepareSsh(hosts: readonly HostName[]): Promise<SshSettings> {
  const taken = (await ipAddresses(undefined)).find((a) => a.local.startsWith(MGMT_PREFIX) && !a.ifname.startsWith(NETNS_PREFIX));
  if (taken) throw new EnvironmentError(`lab ssh: the management network ${MGMT_PREFIX}0/24 is already used on this machine (${taken.ifname} ${taken.local})`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  if (!existsSync(files.identity)) await sshKeygen(files.identity, 'ovsforensics-lab');
  writeFileSync(files.authorizedKeys, readFileSync(`${files.identity}.pub`), { mode: 0o600 });
  writeFileSync(files.config, clientConfig(hosts), { mode: 0o600 });
  writeFileSync(files.knownHosts, '', { mode: 0o600 });
  const createdPrivsepDir = !existsSync(PRIVSEP_DIR);
  if (createdPrivsepDir) mkdirSync(PRIVSEP_DIR, { mode: 0o755 });
  return { config: files.config, identity: files.identity, knownHosts: files.knownHosts, createdPrivsepDir };
}

function accepts(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** sshd's pid once its socket accepts connections (its pid file can come before its listener). */
async function sshdReady(h: HostName, timeoutMs = 10_000): Promise<number> {
  for (let waited = 0; ; waited += 50) {
    const text = existsSync(files.pidFile(h)) ? readFileSync(files.pidFile(h), 'utf8').trim() : '';
    if (/^\d+$/.test(text) && (await accepts(MGMT[h].host, SSH_PORT))) return Number(text);
    if (waited >= timeoutMs) {
      const log = existsSync(files.log(h)) ? readFileSync(files.log(h), 'utf8').trim().split('\n').pop() : undefined;
      throw new EnvironmentError(`lab ssh: sshd of ${h} is not listening on ${MGMT[h].host}:${SSH_PORT} after ${timeoutMs / 1000} s${log ? `: ${log}` : ''}`);
    }
    await sleep(50);
  }
}

/** A host's management link, host key and sshd; returns its SSH facts once `ssh HOST true` works. */
export async function startHostSsh(host: HostState, settings: SshSettings): Promise<NonNullable<HostState['ssh']>> {
  const h = host.name;
  const mgmt = MGMT[h];
  // The root namespace's end carries the lab's prefix, so `down` and leftover checks know it.
  const rootEnd = `${NETNS_PREFIX}mgmt-${h}`;
  await ipVethAdd({ name: rootEnd }, { name: MGMT_IFACE, netns: host.netns });
  await ipAddrAdd(undefined, rootEnd, `${mgmt.root}/30`);
  await ipAddrAdd(host.netns, MGMT_IFACE, `${mgmt.host}/30`);
  await ipLinkSet(undefined, rootEnd, { up: true });
  await ipLinkSet(host.netns, MGMT_IFACE, { up: true });
  mkdirSync(join(dir, h), { recursive: true, mode: 0o700 });
  if (!existsSync(files.hostKey(h))) await sshKeygen(files.hostKey(h), `ovsforensics-lab-${h}`);
  writeFileSync(files.sshdConfig(h), sshdConfig(h), { mode: 0o600 });
  const hostKey = readFileSync(`${files.hostKey(h)}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
  writeFileSync(settings.knownHosts, `${mgmt.host} ${hostKey}\n`, { flag: 'a' });
  await sshdStart({ netns: host.netns }, files.sshdConfig(h), files.log(h));
  const pid = await sshdReady(h);
  const probe = await sshRun(settings.config, h, ['true']);
  if (probe.exitCode !== 0) throw new EnvironmentError(`lab ssh: ${probe.command} failed: ${probe.stderr.split('\n')[0] ?? `exit ${probe.exitCode}`}`, probe.command);
  return { alias: h, target: `ssh://root@${mgmt.host}`, address: mgmt.host, port: SSH_PORT, pid };
}

/** Every host's sshd still runs. */
export function sshAlive(hosts: readonly HostState[]): boolean {
  return hosts.every((h) => h.ssh !== undefined && isAlive(h.ssh.pid));
}
