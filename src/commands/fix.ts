// `fix`: the recommended (or named) offload change on a container's interface. A dry run by
// default; --apply with a snapshot, --revert to it, --verify with a short capture (exit 1 when it
// does not verify).

import { recommend, recommendedFeatures, type Recommendation } from '../remedy/recommend.js';
import { UsageError } from '../errors.js';
import { outcome, type CommandOutcome } from '../exit-status.js';
import { seconds } from '../flags/numbers.js';
import { ovsLocation } from '../flags/ovsdb.js';
import { NAMESPACE_TOOLS, requirePrograms, requireRoot } from '../host/programs.js';
import type { FixResult } from '../remedy/fix-result.js';
import { applyFix, collectFacts, FIX_SCHEMA, parseFeatureList, planFix, revertFix, verifyCapture } from '../remedy/index.js';
import { parseTargetFlags, type TargetCliFlags } from '../target/flags.js';
import { resolveTarget } from '../target/resolve.js';

export interface FixFlags extends TargetCliFlags {
  apply?: boolean;
  revert?: boolean;
  verify?: boolean;
  verifySeconds?: string;
  features?: string;
  ovsDb?: string;
  ovsNetns?: string;
}

/** onProgress hears when the --verify capture is listening: the moment to start the workload. */
export async function runFix(flags: FixFlags, onProgress: (line: string) => void = () => {}): Promise<CommandOutcome<FixResult>> {
  const named = parseTargetFlags(flags);
  const ovs = ovsLocation(flags);
  const verifySeconds = seconds('--verify-seconds', flags.verifySeconds ?? '10', { whole: true, max: 600 });
  const features = flags.features === undefined ? undefined : parseFeatureList(flags.features);
  if (named === undefined) throw new UsageError('name the target: --container NAME, --netns NAME or --pid PID');
  if (flags.apply && flags.revert) throw new UsageError('--apply and --revert: give one');
  if (flags.revert && features !== undefined) throw new UsageError('--revert restores the whole snapshot: drop --features');
  requireRoot('fix');
  requirePrograms([...NAMESPACE_TOOLS, ...(flags.verify ? [{ program: 'tcpdump', debianPackage: 'tcpdump' }] : [])]);
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
  const outcomeOfFix = flags.apply ? await applyFix(target, settings) : flags.revert ? await revertFix(target) : await planFix(target, settings);
  const result: FixResult = { schema: FIX_SCHEMA, featuresFrom, recommendations, outcome: outcomeOfFix };
  if (flags.verify) result.verify = await verifyCapture(target, verifySeconds, (what) => onProgress(`verify: ${what}; run the workload now`));
  return outcome(result, result.verify !== undefined && !result.verify.verified);
}
