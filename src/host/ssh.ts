// OpenSSH's programs: ssh-keygen makes keys, sshd serves a namespace, ssh runs a command on a host.
// The client always runs in batch mode: a missing key or an unknown host key is an error, never a prompt.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findProgram } from './programs.js';
import { runInChecked, type NetnsTarget } from './netns.js';
import { run, runChecked, shellQuote, type RunResult } from './run.js';
import { startStreamingWithInput, type StreamingProgram } from './stream.js';

/** A new ed25519 key pair without a passphrase: FILE and FILE.pub. */
export async function sshKeygen(file: string, comment: string): Promise<void> {
  await runChecked('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
}

/**
 * Starts sshd with `config` inside `target`; it forks into the background once it has read its
 * keys. sshd insists on being started by its absolute path (it re-executes itself per connection).
 */
export async function sshdStart(target: NetnsTarget, config: string, log: string): Promise<void> {
  await runInChecked(target, findProgram('sshd') ?? '/usr/sbin/sshd', ['-f', config, '-E', log]);
}

/** `ssh -F CONFIG HOST COMMAND…` in batch mode; the command's own exit status is in the result. */
export function sshRun(config: string, host: string, command: readonly string[], timeoutMs = 30_000): Promise<RunResult> {
  return run('ssh', ['-F', config, '-o', 'BatchMode=yes', host, '--', ...command], { timeoutMs });
}

/** How every ssh of one run connects: the user's config (or -F FILE) and one shared connection per host. */
export interface SshSession {
  /** ssh -F FILE; undefined: the user's own ~/.ssh/config. */
  config?: string;
  /** A private directory for the connection sockets (ControlPath). */
  controlDir: string;
}

export interface SshDestination {
  destination: string;
  user?: string;
  port?: number;
}

const CONNECT_TIMEOUT_S = 10;
/** The shared connection outlives its last user this long: enough for the next ssh of the same run. */
const CONTROL_PERSIST_S = 5;

/** The options every ssh of a session takes: batch mode (never a prompt), a connect timeout, the shared connection (`own`: a connection of its own instead, with that cipher). */
export function sshArgs(s: SshSession, to: SshDestination, own?: { cipher?: string }): string[] {
  const args = s.config === undefined ? [] : ['-F', s.config];
  args.push('-o', 'BatchMode=yes', '-o', `ConnectTimeout=${CONNECT_TIMEOUT_S}`, '-o', 'ServerAliveInterval=5', '-o', 'ServerAliveCountMax=3');
  if (own === undefined) args.push('-o', 'ControlMaster=auto', '-o', `ControlPath=${s.controlDir}/%C`, '-o', `ControlPersist=${CONTROL_PERSIST_S}`);
  else args.push('-o', 'ControlPath=none', ...(own.cipher === undefined ? [] : ['-c', own.cipher]));
  if (to.user !== undefined) args.push('-l', to.user);
  if (to.port !== undefined) args.push('-p', String(to.port));
  args.push(to.destination);
  return args;
}

/** A remote shell command line: the command as the user wrote it, then each argument quoted for the remote shell. */
export function remoteLine(command: string, args: readonly string[]): string {
  return [command, ...args.map(shellQuote)].join(' ');
}

/**
 * Runs `line` on the host, its stdout streamed back; closing its stdin (endInput) is how the remote
 * side is told to stop. In its own process group, so a Ctrl-C on the terminal reaches only us.
 */
export function sshStream(s: SshSession, to: SshDestination, line: string, onStderrLine: (line: string) => void): StreamingProgram {
  return startStreamingWithInput('ssh', [...sshArgs(s, to), '--', line], onStderrLine);
}

/**
 * Like sshStream, for a stream of many MB/s (a remote capture's pcapng): a connection of its own
 * rather than a channel of the shared one (one relay less: the master would pass every byte on to
 * this ssh), and `cipher` where given (bulkCipher). docs/remote-capture.md, "How frames travel".
 */
export function sshBulkStream(s: SshSession, to: SshDestination, line: string, onStderrLine: (line: string) => void, cipher?: string): StreamingProgram {
  return startStreamingWithInput('ssh', [...sshArgs(s, to, cipher === undefined ? {} : { cipher }), '--', line], onStderrLine);
}

const BULK_CIPHER = 'aes128-gcm@openssh.com';

/**
 * AES-GCM for bulk streams where this CPU has AES instructions and the ssh configuration in effect
 * leaves the cipher list at OpenSSH's own default (the same list as with -F /dev/null): with AES-NI
 * it costs a fraction of chacha20-poly1305, OpenSSH's first choice. Undefined: leave the choice to ssh.
 */
export async function bulkCipher(s: SshSession, to: SshDestination): Promise<string | undefined> {
  let cpuinfo = '';
  try {
    cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return undefined;
  }
  if (!/^flags\s*:.*\baes\b/m.test(cpuinfo)) return undefined;
  const ciphers = async (config: string | undefined): Promise<string | undefined> => {
    const r = await run('ssh', [...(config === undefined ? [] : ['-F', config]), '-G', to.destination], { timeoutMs: 10_000 });
    return r.exitCode === 0 ? /^ciphers (.*)$/m.exec(r.stdout)?.[1] : undefined;
  };
  const [inEffect, builtIn] = await Promise.all([ciphers(s.config), ciphers('/dev/null')]);
  return inEffect !== undefined && inEffect === builtIn && inEffect.split(',').includes(BULK_CIPHER) ? BULK_CIPHER : undefined;
}

/** Runs `line` on the host to its end. */
export function sshLine(s: SshSession, to: SshDestination, line: string, timeoutMs = 60_000): Promise<RunResult> {
  return run('ssh', [...sshArgs(s, to), '--', line], { timeoutMs });
}

/** Closes the host's shared connection now rather than after ControlPersist. */
export async function sshCloseShared(s: SshSession, to: SshDestination): Promise<void> {
  await run('ssh', [...sshArgs(s, to).slice(0, -1), '-O', 'exit', to.destination], { timeoutMs: 5_000 });
}

/** Runs fn with a session whose shared connections live in a private temp dir, closed and removed after. */
export async function withSshSession<T>(config: string | undefined, hosts: readonly SshDestination[], fn: (s: SshSession) => Promise<T>): Promise<T> {
  const s: SshSession = { controlDir: mkdtempSync(join(tmpdir(), 'ovsf-ssh-')) };
  if (config !== undefined) s.config = config;
  try {
    return await fn(s);
  } finally {
    await Promise.all(hosts.map((h) => sshCloseShared(s, h).catch(() => undefined)));
    rmSync(s.controlDir, { recursive: true, force: true });
  }
}
