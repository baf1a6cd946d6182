// `doctor`: host facts around a container's interface (or the host alone), ranked risks and the
// recommended fixes; exit 1 when a critical or high risk is found. --cleanup instead removes what
// killed captures left in OVS.

import { recommend, type Recommendation } from '../remedy/recommend.js';
import type { LeftoverCleanup } from '../capture/types.js';
import { outcome, type CommandOutcome } from '../exit-status.js';
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
}

/** The flags with every value checked. */
interface DoctorFlags extends Omit<DoctorCliFlags, keyof TargetCliFlags> {
  target?: TargetSpec;
}

/** Every value checked before anything runs or root is asked for. */
function parseDoctorFlags(o: DoctorCliFlags): DoctorFlags {
  const flags: DoctorFlags = { cleanup: o.cleanup, ...ovsLocation(o) };
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
  requireRoot('doctor --cleanup');
  const { cleanupLeftoverMirrors } = await import('../capture/index.js');
  return cleanupLeftoverMirrors(flags.ovsDb);
}

export async function runDoctor(cli: DoctorCliFlags): Promise<CommandOutcome<DoctorCommandResult>> {
  const flags = parseDoctorFlags(cli);
  if (flags.cleanup) return outcome({ kind: 'cleanup', cleanup: await cleanup(flags) }, false);
  const result = await doctor(flags);
  return outcome({ kind: 'doctor', ...result }, result.facts.risks.some((r) => r.severity === 'critical' || r.severity === 'high'));
}
