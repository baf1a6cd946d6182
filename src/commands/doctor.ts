// `doctor`: host facts around a container's interface (or the host alone), ranked risks and the
// recommended fixes. Exit 1 when a critical or high risk is found.

import { recommend, type Recommendation } from '../analyze/recommend.js';
import { interfaceName, namespaceName } from '../flags/names.js';
import { ovsDb } from '../flags/ovsdb.js';
import { requirePrograms, requireRoot, type Requirement } from '../host/programs.js';
import { collectFacts, type DoctorFacts } from '../remedy/index.js';
import { parseTargetFlags, type TargetCliFlags } from '../target/flags.js';
import { resolveTarget } from '../target/resolve.js';
import type { TargetSpec } from '../target/types.js';
import { renderCleanupText, renderDoctorText } from '../report/doctor-text.js';
import { hostFactsFromDoctor } from '../report/host-facts.js';
import { renderRemedyJson } from '../report/remedy-json.js';

export interface DoctorCliFlags extends TargetCliFlags {
  json?: boolean;
  ovsDb?: string;
  ovsNetns?: string;
  underlay?: string;
  cleanup?: boolean;
}

/** The flags with every value checked. */
export interface DoctorFlags extends Omit<DoctorCliFlags, keyof TargetCliFlags> {
  target?: TargetSpec;
}

/** Where OVS lives, as --ovs-db and --ovs-netns say (doctor's and fix's), each value checked. */
export function parseOvsFlags(o: { ovsDb?: string; ovsNetns?: string }): { ovsDb?: string; ovsNetns?: string } {
  return {
    ...(o.ovsDb === undefined ? {} : { ovsDb: ovsDb('--ovs-db', o.ovsDb) }),
    ...(o.ovsNetns === undefined ? {} : { ovsNetns: namespaceName('--ovs-netns', o.ovsNetns) }),
  };
}

/** Every value checked before anything runs or root is asked for. */
export function parseDoctorFlags(o: DoctorCliFlags): DoctorFlags {
  const flags: DoctorFlags = { json: o.json, cleanup: o.cleanup, ...parseOvsFlags(o) };
  const target = parseTargetFlags(o);
  if (target !== undefined) flags.target = target;
  if (o.underlay !== undefined) flags.underlay = interfaceName('--underlay', o.underlay);
  return flags;
}

export interface DoctorResult {
  facts: DoctorFacts;
  recommendations: Recommendation[];
}

export const BASE_PROGRAMS: Requirement[] = [
  { program: 'ip', debianPackage: 'iproute2' },
  { program: 'ethtool', debianPackage: 'ethtool' },
  { program: 'nsenter', debianPackage: 'util-linux' },
];

export async function doctor(flags: DoctorFlags): Promise<DoctorResult> {
  requireRoot('doctor');
  requirePrograms(BASE_PROGRAMS);
  const target = flags.target === undefined ? undefined : await resolveTarget(flags.target);
  const facts = await collectFacts({ target, ovsDb: flags.ovsDb, ovsNetns: flags.ovsNetns, underlay: flags.underlay });
  return { facts, recommendations: recommend({ facts }) };
}

/** --cleanup: OVS mirrors and ports a killed capture left behind, removed by the capture stage. */
async function runCleanup(flags: DoctorFlags): Promise<number> {
  requireRoot('doctor --cleanup');
  const { cleanupLeftoverMirrors } = await import('../capture/index.js');
  const result = await cleanupLeftoverMirrors(flags.ovsDb);
  process.stdout.write(flags.json ? renderRemedyJson(result) : renderCleanupText(result));
  return 0;
}

export async function runDoctorCommand(cli: DoctorCliFlags): Promise<number> {
  const flags = parseDoctorFlags(cli);
  if (flags.cleanup) return runCleanup(flags);
  const result = await doctor(flags);
  const json = (): string => renderRemedyJson({ ...result.facts, recommendations: result.recommendations, host: hostFactsFromDoctor(result.facts) });
  process.stdout.write(flags.json ? json() : renderDoctorText(result.facts, result.recommendations));
  return result.facts.risks.some((r) => r.severity === 'critical' || r.severity === 'high') ? 1 : 0;
}
