// `probe-agent` (hidden): one side of a probe, run over ssh by a probe on another host
// (src/probe/remote.ts). Resolves the target here, runs the step in its namespace, and hands each
// event on as it comes; it stops (reporting what it has) when its stdin closes or the ssh session goes.

import { watchSessionEnd } from '../capture/session-end.js';
import { UsageError } from '../errors.js';
import { outcome, type CommandOutcome } from '../exit-status.js';
import { interfaceName } from '../flags/names.js';
import { runSideStep, type Emit } from '../probe/side.js';
import { parseStep, STEP_USAGE } from '../probe/steps.js';
import { parseTargetFlags, type TargetCliFlags } from '../target/flags.js';
import type { TargetSpec } from '../target/types.js';

/** The target flags of doctor and fix; none: this namespace. */
export type ProbeAgentFlags = TargetCliFlags;

export async function runProbeAgent(words: readonly string[], flags: ProbeAgentFlags, emit: Emit): Promise<CommandOutcome<undefined>> {
  const { iface, ...where } = flags;
  const spec: TargetSpec = parseTargetFlags(where) ?? { scope: { kind: 'current' } };
  if (iface !== undefined) spec.iface = interfaceName('--iface', iface);
  const step = parseStep(words);
  if (step === undefined) throw new UsageError(`probe-agent: expected ${STEP_USAGE}`);
  const stop = new AbortController();
  const unwatch = watchSessionEnd(() => stop.abort());
  try {
    await runSideStep(spec, step, emit, stop.signal);
  } finally {
    unwatch();
  }
  return outcome(undefined, false);
}
