// `fix`: the recommended (or named) offload change on a container's interface. A dry run by
// default; --apply with a snapshot, --revert to it, --verify with a short capture.

import { recommend, recommendedFeatures, type Recommendation } from '../analyze/recommend.js';
import { UsageError } from '../errors.js';
import { requirePrograms, requireRoot } from '../host/programs.js';
import { applyFix, collectFacts, FIX_SCHEMA, parseFeatureList, planFix, resolveTarget, revertFix, verifyCapture, type FixOutcome, type TargetFlags, type VerifyResult } from '../remedy/index.js';
import { renderFixText } from '../report/fix-text.js';
import { renderRemedyJson } from '../report/remedy-json.js';
import { BASE_PROGRAMS } from './doctor.js';

export interface FixFlags extends TargetFlags {
  apply?: boolean;
  revert?: boolean;
  verify?: boolean;
  verifySeconds?: string;
  features?: string;
  json?: boolean;
  ovsDb?: string;
  ovsNetns?: string;
}

export interface FixResult {
  schema: typeof FIX_SCHEMA;
  /** "--features", the risks the recommendation answers, or why nothing is recommended. */
  featuresFrom: string;
  recommendations: Recommendation[];
  outcome: FixOutcome;
  verify?: VerifyResult;
}

function seconds(value: string | undefined): number {
  const n = Number(value ?? '10');
  if (!(Number.isInteger(n) && n >= 1 && n <= 600)) throw new UsageError(`--verify-seconds ${value}: whole seconds from 1 to 600`);
  return n;
}

/** onProgress hears when the --verify capture is listening: the moment to start the workload. */
export async function fix(flags: FixFlags, onProgress: (line: string) => void = () => {}): Promise<FixResult> {
  if (flags.apply && flags.revert) throw new UsageError('--apply and --revert: give one');
  if (flags.revert && flags.features !== undefined) throw new UsageError('--revert restores the whole snapshot: drop --features');
  const verifySeconds = flags.verify ? seconds(flags.verifySeconds) : undefined;
  requireRoot('fix');
  requirePrograms([...BASE_PROGRAMS, ...(flags.verify ? [{ program: 'tcpdump', debianPackage: 'tcpdump' }] : [])]);
  const target = await resolveTarget(flags);
  let settings: Record<string, boolean> = {};
  let featuresFrom = '--features';
  let recommendations: Recommendation[] = [];
  if (flags.features !== undefined) settings = parseFeatureList(flags.features);
  else if (!flags.revert) {
    const facts = await collectFacts({ target, ovsDb: flags.ovsDb, ovsNetns: flags.ovsNetns });
    recommendations = recommend({ facts }).filter((r) => r.features !== undefined);
    settings = recommendedFeatures(recommendations);
    // Nothing recommended (already fixed, or a kernel datapath): nothing to change unless --features says.
    featuresFrom =
      recommendations.length > 0
        ? `recommendation for ${recommendations.map((r) => r.answers).join(', ')}`
        : `doctor finds no risk a setting on ${target.iface} fixes (risks: ${facts.risks.map((r) => r.id).join(', ') || 'none'}); --features names one`;
  }
  const outcome = flags.apply ? await applyFix(target, settings) : flags.revert ? await revertFix(target) : await planFix(target, settings);
  const result: FixResult = { schema: FIX_SCHEMA, featuresFrom, recommendations, outcome };
  if (verifySeconds !== undefined) result.verify = await verifyCapture(target, verifySeconds, (what) => onProgress(`verify: ${what}; run the workload now`));
  return result;
}

export async function runFixCommand(flags: FixFlags): Promise<number> {
  const result = await fix(flags, (line) => process.stderr.write(`ovsforensics: ${line}\n`));
  process.stdout.write(flags.json ? renderRemedyJson(result) : renderFixText(result));
  return result.verify && !result.verify.verified ? 1 : 0;
}
