// `investigate`: two containers ([HOST:]NAME[:IFACE]) in, the Investigation out (docs/investigate.md).
// Exit 0 nothing wrong, 1 a problem found (with --fix: the probe still not intact after it), 2
// usage or environment.

import { UsageError } from '../errors.js';
import { outcome, type CommandOutcome } from '../exit-status.js';
import { containerName } from '../flags/names.js';
import { size } from '../flags/numbers.js';
import { scoped } from '../flags/points.js';
import { DEFAULT_REMOTE_COMMAND, hostPrefix, needsHosts, remoteCommand, remoteHosts, type RemoteHost } from '../flags/remote.js';
import { NAMESPACE_TOOLS, requirePrograms, requireRoot } from '../host/programs.js';
import type { End } from '../investigate/doctor.js';
import { runInvestigation, type InvestigateRequest } from '../investigate/run.js';
import type { Investigation } from '../investigate/types.js';

export interface InvestigateCliOptions {
  from?: string;
  to?: string;
  host?: string[];
  sshConfig?: string;
  remoteCommand?: string;
  probeBytes?: string;
  fix?: boolean;
  revert?: boolean;
}

/** --from/--to: [HOST:]CONTAINER[:IFACE], HOST a declared --host. */
function end(flag: string, side: End['side'], value: string | undefined, hosts: ReadonlyMap<string, RemoteHost>): End {
  if (value === undefined) throw new UsageError(`investigate: ${flag} [HOST:]CONTAINER is required`);
  const { host, rest } = hostPrefix(value, hosts);
  const { name, iface } = scoped(flag, rest, containerName);
  return { side, ...(host ? { host } : {}), container: name, target: { scope: { kind: 'container', name }, ...(iface === undefined ? {} : { iface }) } };
}

/** Every value checked; nothing run. */
export function parseInvestigateOptions(o: InvestigateCliOptions): Omit<InvestigateRequest, 'notice' | 'onPhase'> {
  const hosts = remoteHosts('--host', o.host ?? []);
  if (o.sshConfig !== undefined) needsHosts('--ssh-config', hosts);
  if (o.remoteCommand !== undefined) needsHosts('--remote-command', hosts);
  if (o.fix && o.revert) throw new UsageError('--fix and --revert: give one');
  const from = end('--from', 'from', o.from, hosts);
  const to = end('--to', 'to', o.to, hosts);
  if (from.host?.name === to.host?.name && from.container === to.container) throw new UsageError('investigate: --from and --to name the same container');
  const req: Omit<InvestigateRequest, 'notice' | 'onPhase'> = {
    from,
    to,
    hosts,
    remoteCommand: o.remoteCommand === undefined ? DEFAULT_REMOTE_COMMAND : remoteCommand('--remote-command', o.remoteCommand),
    probeBytes: size('--probe-bytes', o.probeBytes ?? '10M', 4 * 1024 ** 3),
    mode: o.fix ? 'fix' : o.revert ? 'revert' : 'diagnose',
  };
  if (o.sshConfig !== undefined) req.sshConfig = o.sshConfig;
  return req;
}

/** 0 healthy; with --fix, 0 once the probe after it is intact; else 1. */
export function investigationProblem(r: Investigation): boolean {
  return r.fix === undefined ? !r.healthy : !r.fix.intact;
}

export async function runInvestigate(o: InvestigateCliOptions, hooks: Pick<InvestigateRequest, 'notice' | 'onPhase' | 'captureFile'>): Promise<CommandOutcome<Investigation>> {
  const req = parseInvestigateOptions(o);
  // Points here need root and the namespace tools; an all-ssh investigation needs neither here.
  if (req.from.host === undefined || req.to.host === undefined) {
    requireRoot('investigate');
    requirePrograms(NAMESPACE_TOOLS);
  }
  const result = await runInvestigation({ ...req, ...hooks });
  return outcome(result, investigationProblem(result));
}
