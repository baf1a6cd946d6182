// `doctor`: host facts around a container's interface (or the host alone), ranked risks and the
// recommended fixes; exit 1 when a critical or high risk is found. --cleanup instead removes what
// killed captures left in OVS.

import { recommend, type Recommendation } from '../remedy/recommend.js';
import type { LeftoverCleanup } from '../capture/types.js';
import { EnvironmentError, UsageError } from '../errors.js';
import { outcome, type CommandOutcome } from '../exit-status.js';
import { DEFAULT_REMOTE_COMMAND, needsHosts, remoteCommand, remoteHosts, type RemoteHost } from '../flags/remote.js';
import { remoteLine, sshLine, withSshSession } from '../host/ssh.js';
import { interfaceName } from '../flags/names.js';
import { ovsLocation } from '../flags/ovsdb.js';
import { NAMESPACE_TOOLS, requirePrograms, requireRoot } from '../host/programs.js';
import { collectFacts, type DoctorFacts } from '../remedy/index.js';
import { parseTargetFlags, type TargetCliFlags } from '../target/flags.js';
import { resolveTarget } from '../target/resolve.js';
import type { TargetSpec } from '../target/types.js';

export interface DoctorCliFlags extends TargetCliFlags {
  ovsDb?: string;
  ovsNetns?: string;
  underlay?: string;
  cleanup?: boolean;
  host?: string[];
  sshConfig?: string;
  remoteCommand?: string;
}

/** The flags with every value checked. */
interface DoctorFlags extends Omit<DoctorCliFlags, keyof TargetCliFlags | 'host'> {
  target?: TargetSpec;
  hosts: RemoteHost[];
}

/** Every value checked before anything runs or root is asked for. */
function parseDoctorFlags(o: DoctorCliFlags): DoctorFlags {
  const hosts = remoteHosts('--host', o.host ?? []);
  if (hosts.size > 0 && !o.cleanup) throw new UsageError('--host runs --cleanup on other hosts: add --cleanup');
  if (o.sshConfig !== undefined) needsHosts('--ssh-config', hosts);
  if (o.remoteCommand !== undefined) needsHosts('--remote-command', hosts);
  // A remote --ovs-db is checked there: its unix: socket is on that host.
  const ovs = hosts.size > 0 ? { ovsDb: o.ovsDb } : ovsLocation(o);
  const flags: DoctorFlags = { cleanup: o.cleanup, ...ovs, hosts: [...hosts.values()] };
  if (o.sshConfig !== undefined) flags.sshConfig = o.sshConfig;
  flags.remoteCommand = o.remoteCommand === undefined ? DEFAULT_REMOTE_COMMAND : remoteCommand('--remote-command', o.remoteCommand);
  const target = parseTargetFlags(o);
  if (target !== undefined) flags.target = target;
  if (o.underlay !== undefined) flags.underlay = interfaceName('--underlay', o.underlay);
  return flags;
}

interface DoctorResult {
  facts: DoctorFacts;
  recommendations: Recommendation[];
}

/** What doctor found, or with --cleanup what it removed. */
export type DoctorCommandResult = ({ kind: 'doctor' } & DoctorResult) | { kind: 'cleanup'; cleanup: LeftoverCleanup };

async function doctor(flags: DoctorFlags): Promise<DoctorResult> {
  requireRoot('doctor');
  requirePrograms(NAMESPACE_TOOLS);
  const target = flags.target === undefined ? undefined : await resolveTarget(flags.target);
  const facts = await collectFacts({ target, ovsDb: flags.ovsDb, ovsNetns: flags.ovsNetns, underlay: flags.underlay });
  return { facts, recommendations: recommend({ facts }) };
}

/** --cleanup: OVS mirrors and ports a killed capture left behind, removed by the capture stage. */
async function cleanup(flags: DoctorFlags): Promise<LeftoverCleanup> {
  if (flags.hosts.length > 0) return remoteCleanup(flags);
  requireRoot('doctor --cleanup');
  const { cleanupLeftoverMirrors } = await import('../capture/index.js');
  return cleanupLeftoverMirrors(flags.ovsDb);
}

/** `doctor --cleanup --json` on every --host over ssh; names and databases prefixed HOST:. */
async function remoteCleanup(flags: DoctorFlags): Promise<LeftoverCleanup> {
  const args = ['doctor', '--cleanup', '--json', ...(flags.ovsDb === undefined ? [] : ['--ovs-db', flags.ovsDb])];
  const results = await withSshSession(flags.sshConfig, flags.hosts, (ssh) =>
    Promise.all(
      flags.hosts.map(async (h) => {
        const r = await sshLine(ssh, h, remoteLine(flags.remoteCommand!, args));
        if (r.exitCode !== 0) throw new EnvironmentError(`${h.name}: ${r.command}: ${r.stderr.split('\n').filter(Boolean).pop() ?? `exit ${r.exitCode}`}`);
        const c = JSON.parse(r.stdout) as LeftoverCleanup;
        const at = (n: string): string => `${h.name}:${n}`;
        return { db: at(c.db), removed: c.removed.map(at), live: c.live.map(at) };
      }),
    ),
  );
  return { db: results.map((r) => r.db).join(', '), removed: results.flatMap((r) => r.removed), live: results.flatMap((r) => r.live) };
}

export async function runDoctor(cli: DoctorCliFlags): Promise<CommandOutcome<DoctorCommandResult>> {
  const flags = parseDoctorFlags(cli);
  if (flags.cleanup) return outcome({ kind: 'cleanup', cleanup: await cleanup(flags) }, false);
  const result = await doctor(flags);
  return outcome({ kind: 'doctor', ...result }, result.facts.risks.some((r) => r.severity === 'critical' || r.severity === 'high'));
}
