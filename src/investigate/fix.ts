// --fix and --revert on the host each change belongs to: the fix engine here, `<remote-command>
// fix --container NAME --apply|--revert --json` over ssh (docs/doctor-fix.md). The snapshot stays on
// that host, so `fix --revert` there, or `investigate --revert`, puts the interface back.

import { existsSync } from 'node:fs';
import { remoteLine, sshLine } from '../host/ssh.js';
import type { FixResult } from '../remedy/fix-result.js';
import { ADVICE } from '../remedy/advice/index.js';
import { applyFix, revertFix } from '../remedy/index.js';
import { snapshotPath } from '../remedy/snapshot.js';
import { resolveTarget } from '../target/resolve.js';
import { remoteFailure, remoteJson, type End, type RemoteAccess } from './doctor.js';
import type { FixNotApplied, FixPlan, FixStep } from './types.js';

const hostName = (end: End): string => end.host?.name ?? 'local';

/** `fix --features` names the features to turn off; the knowledge base's settings only turn features off. */
const featureList = (settings: Record<string, boolean>): string =>
  Object.keys(settings)
    .filter((k) => !settings[k])
    .join(',');

async function remoteFix(end: End, remote: RemoteAccess, args: string[]): Promise<FixResult | undefined> {
  const r = await sshLine(remote.session, end.host!, remoteLine(remote.remoteCommand, ['fix', '--container', end.container, ...(end.target.iface === undefined ? [] : ['--iface', end.target.iface]), ...args, '--json']));
  // fix --revert without a snapshot is a usage error there: nothing to put back.
  if (r.exitCode === 2 && /nothing to revert/.test(r.stderr)) return undefined;
  if (r.exitCode !== 0) throw remoteFailure(end.host!.name, r);
  return remoteJson<FixResult>(end.host!.name, 'fix', r.stdout);
}

/** Applies the settings on the end's container interface, with its snapshot, on its host. */
export async function applyAt(end: End, settings: Record<string, boolean>, remote: RemoteAccess | undefined): Promise<FixStep> {
  const step: FixStep = { side: end.side, host: hostName(end), container: end.container };
  if (end.host === undefined) step.outcome = await applyFix(await resolveTarget(end.target), settings);
  else step.outcome = (await remoteFix(end, remote!, ['--apply', '--features', featureList(settings)]))!.outcome;
  return step;
}

/** Puts the end's snapshot back, on its host; a note when there is none. */
export async function revertAt(end: End, remote: RemoteAccess | undefined): Promise<FixStep> {
  const step: FixStep = { side: end.side, host: hostName(end), container: end.container };
  if (end.host === undefined) {
    const target = await resolveTarget(end.target);
    if (existsSync(snapshotPath(target.netnsInode, target.iface))) step.outcome = await revertFix(target);
  } else {
    const r = await remoteFix(end, remote!, ['--revert']);
    if (r !== undefined) step.outcome = r.outcome;
  }
  if (step.outcome === undefined) step.note = 'no fix snapshot there: nothing to revert';
  return step;
}

/**
 * Why --fix cannot apply the recommended fix, or undefined when it can: it applies only ethtool
 * settings on a container interface, so advice for the underlay or the path is carried out by hand.
 */
export function fixNotApplicable(recommendations: readonly FixPlan[]): FixNotApplied | undefined {
  const plan = recommendations[0];
  if (plan?.features !== undefined) return undefined;
  if (plan === undefined) return { reason: 'no recommendation to apply: no finding names a change', commands: [] };
  const advice = ADVICE[plan.advice];
  // The plan's own commands, else the steps the advice gives to find and change the culprit.
  const commands = plan.commands.length > 0 ? plan.commands : [...advice.diagnose, ...advice.change].map((s) => s.command).filter(Boolean);
  return { advice: plan.advice, reason: `${plan.advice} (${plan.adviceSide}, ${plan.host}) is not a change investigate can apply: it sets only ethtool features on a container's interface`, commands };
}
