// One side of a probe on another host: `ovsforensics probe-agent [target flags] -- STEP…` over ssh,
// which resolves the target there and runs the step (side.ts), its events streamed back as JSON
// lines. Closing its stdin tells it to stop (it reports what it has), as with a remote capture.

import { EnvironmentError } from '../errors.js';
import type { RemoteHost } from '../flags/remote.js';
import { remoteLine, sshStream, type SshSession } from '../host/ssh.js';
import type { TargetSpec } from '../target/types.js';
import { stepBoundMs, type Emit, type SideEvent } from './side.js';
import { stepArgs, type Step } from './steps.js';

export interface ProbeSsh {
  session: SshSession;
  /** How ovsforensics runs on the far side (capture's --remote-command), a shell command line. */
  remoteCommand: string;
}

/** The target as the flags of doctor and fix (src/target/flags.ts reads them back). */
export function targetArgs(spec: TargetSpec): string[] {
  const s = spec.scope;
  const args =
    s.kind === 'container'
      ? ['--container', s.name, ...(s.runtime === undefined ? [] : ['--runtime', s.runtime])]
      : s.kind === 'netns'
        ? ['--netns', s.name]
        : s.kind === 'pid'
          ? ['--pid', String(s.pid)]
          : [];
  return spec.iface === undefined ? args : [...args, '--iface', spec.iface];
}

/** `probe-agent`'s arguments: the target, then the step's words after `--`. */
export function probeAgentArgs(spec: TargetSpec, s: Step): string[] {
  return ['probe-agent', ...targetArgs(spec), '--', ...stepArgs(s)];
}

/** One JSON line of probe-agent's; undefined for anything else (a login banner, a shell's noise). */
function parseEvent(line: string): SideEvent | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as SideEvent;
  } catch {
    return undefined;
  }
}

/** Once stopped, how long the far side has to report before its ssh is ended. */
const STOP_GRACE_MS = 10_000;

/** Runs the step on the host; settles when its ssh session ends, throwing with the far side's last words when it failed. */
export async function runRemoteStep(ssh: ProbeSsh, host: RemoteHost, spec: TargetSpec, s: Step, emit: Emit, stop: AbortSignal): Promise<void> {
  // The far side's last words, for the error when it fails.
  const stderr: string[] = [];
  const note = (l: string): void => {
    stderr.push(l);
    if (stderr.length > 20) stderr.shift();
  };
  const program = sshStream(ssh.session, host, remoteLine(ssh.remoteCommand, probeAgentArgs(spec, s)), (l) => {
    if (l.trim() !== '') note(l);
  });
  let partial = '';
  program.stdout.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines) {
      const event = parseEvent(l);
      if (event !== undefined) emit(event);
      else if (l.trim() !== '') note(`stdout: ${l}`);
    }
  });
  let grace: NodeJS.Timeout | undefined;
  const end = (): void => {
    program.endInput();
    grace = setTimeout(() => program.signal('SIGTERM'), STOP_GRACE_MS);
  };
  const backstop = setTimeout(() => program.signal('SIGTERM'), stepBoundMs(s) + STOP_GRACE_MS);
  stop.addEventListener('abort', end);
  if (stop.aborted) end();
  try {
    const r = await program.done;
    if (r.exitCode !== 0) {
      const why = r.exitCode === 127 ? `\`${ssh.remoteCommand}\` not found there` : stderr.slice(-2).join(' / ') || `its ssh session ended (exit ${r.exitCode})`;
      throw new EnvironmentError(`${host.name}: probe-agent ${s.step}: ${why.replace(/^ovsforensics: /, '')}`);
    }
  } finally {
    stop.removeEventListener('abort', end);
    clearTimeout(backstop);
    clearTimeout(grace);
    program.endInput();
    program.signal('SIGTERM');
  }
}
