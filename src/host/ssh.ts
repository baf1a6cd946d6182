// OpenSSH's programs: ssh-keygen makes keys, sshd serves a namespace, ssh runs a command on a host.
// The client always runs in batch mode: a missing key or an unknown host key is an error, never a prompt.

import { findProgram } from './programs.js';
import { runInChecked, type NetnsTarget } from './netns.js';
import { run, runChecked, type RunResult } from './run.js';

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
