// `fix`: the recommended (or named) offload change on a container's interface. A dry run by
// default; --apply with a snapshot, --revert to it, --verify with a short capture.

import { recommend, recommendedFeatures, type Recommendation } from '../analyze/recommend.js';
import { UsageError } from '../errors.js';
import { seconds } from '../flags/numbers.js';
import { requirePrograms, requireRoot } from '../host/programs.js';
import { applyFix, collectFacts, FIX_SCHEMA, parseFeatureList, planFix, revertFix, verifyCapture, type FixOutcome, type VerifyResult } from '../remedy/index.js';
import { parseTargetFlags, type TargetCliFlags } from '../target/flags.js';
import { resolveTarget } from '../target/resolve.js';
import { renderFixText } from '../report/fix-text.js';
import { renderRemedyJson } from '../report/remedy-json.js';
import { BASE_PROGRAMS, parseOvsFlags } from './doctor.js';

export interface FixFlags extends TargetCliFlags {
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

/** onProgress hears when the --verify capture is listening: the moment to start the workload. */
export async function fix(flags: FixFlags, onProgress: (line: string) => void = () => {}): Promise<FixResult> {
  const named = parseTargetFlags(flags);
  const ovs = parseOvsFlags(flags);
  const verifySeconds = seconds('--verify-seconds', flags.verifySeconds ?? '10', { whole: true, max: 600 });
  const features = flags.features === undefined ? undefined : parseFeatureList(flags.features);
  if (named === undefined) throw new UsageError('name the target: --container NAME, --netns NAME or --pid PID');
  if (flags.apply && flags.revert) throw new UsageError('--apply and --revert: give one');
  if (flags.revert && features !== undefined) throw new UsageError('--revert restores the whole snapshot: drop --features');
  requireRoot('fix');
  requirePrograms([...BASE_PROGRAMS, ...(flags.verify ? [{ program: 'tcpdump', debianPackage: 'tcpdump' }] : [])]);
  const target = await resolveTarget(named);
  let settings: Record<string, boolean> = {};
  let featuresFrom = '--features';
  let recommendations: Recommendation[] = [];
  if (features !== undefined) settings = features;
  else if (!flags.revert) {
    const facts = await collectFacts({ target, ...ovs });
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
  if (flags.verify) result.verify = await verifyCapture(target, verifySeconds, (what) => onProgress(`verify: ${what}; run the workload now`));
  return result;
}

export async function runFixCommand(flags: FixFlags): Promise<number> {
  const result = await fix(flags, (line) => process.stderr.write(`ovsforensics: ${line}\n`));
  process.stdout.write(flags.json ? renderRemedyJson(result) : renderFixText(result));
  return result.verify && !result.verify.verified ? 1 : 0;
}
