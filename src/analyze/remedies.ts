// Which known cause (src/remedy/advice) each finding points to, and the facts the analysis knows
// to fill in; the words and commands themselves live in the advice.

import { adviceRef, firstRemedy, type AdviceRef } from '../remedy/advice/index.js';
import { FINDING_KINDS, type Finding, type FindingKind } from './types.js';

export interface RemedyContext {
  /** Flow id of the first affected flow, to name its sender. */
  source?: string;
  /** A black hole's stored checksum was left for offload (not damaged). */
  offload?: boolean;
  /** The hop correlate located the damage on, e.g. "between ctrA and hostA". */
  hop?: string;
  /** Outer source address of frames with a damaged tunnel checksum: their sending host. */
  tunnelSender?: string;
  /** Which checksum drop counter moved where correlate lost a black hole's transmissions. */
  droppedFor?: 'udp-checksum' | 'tcp-checksum';
}

/** "tcp 10.10.0.1:40000 > 10.10.0.2:5101" → "10.10.0.1"; "udp [fd00::1]:53 > …" → "fd00::1". */
function senderOf(flowId: string | undefined): string | undefined {
  const m = flowId === undefined ? null : /^\w+ \[?([^\]\s]+?)\]?:\d+ > /.exec(flowId);
  return m ? m[1] : undefined;
}

export function adviceFor(kind: FindingKind, ctx: RemedyContext = {}): AdviceRef {
  switch (kind) {
    case 'offload-leak':
      return adviceRef('veth-tx-offload', { sender: senderOf(ctx.source) });
    case 'blackhole':
      // A tunnel end counting UDP checksum drops is the flannel case; TCP ones, damage on the way.
      if (ctx.droppedFor === 'udp-checksum') return adviceRef('tunnel-device-checksum', { tunnelSource: ctx.tunnelSender });
      if (ctx.droppedFor === 'tcp-checksum') return adviceRef('underlay-corruption', { hop: ctx.hop });
      return ctx.offload === false ? adviceRef('underlay-corruption') : adviceRef('veth-tx-offload', { sender: senderOf(ctx.source) });
    case 'corruption':
      return adviceRef('underlay-corruption', { hop: ctx.hop });
    case 'checksum-blind':
      return adviceRef('checksum-blind', { hop: ctx.hop });
    case 'tunnel-checksum':
      return adviceRef('tunnel-device-checksum', { tunnelSource: ctx.tunnelSender });
    case 'offload-unconfirmed':
      return adviceRef('offload-unconfirmed');
  }
}

/** A finding's advice and its first remedy in words. */
export function remedyOf(kind: FindingKind, ctx: RemedyContext = {}): { remedy: string; advice: AdviceRef } {
  const advice = adviceFor(kind, ctx);
  return { remedy: firstRemedy(advice), advice };
}

/**
 * The advice a finding carries. One without (from an analysis written before findings carried it)
 * gets its kind's, with the hop its evidence names; none for a kind this version does not know.
 */
export function findingAdvice(f: Pick<Finding, 'kind' | 'advice' | 'evidence'>): AdviceRef | undefined {
  if (f.advice !== undefined) return f.advice;
  if (!(FINDING_KINDS as readonly string[]).includes(f.kind)) return undefined;
  const { verdict, from, to } = f.evidence;
  const hop = typeof from === 'string' && typeof to === 'string' ? `between ${from} and ${to}` : undefined;
  return adviceFor(f.kind, { hop, offload: verdict === undefined ? undefined : verdict === 'offload' });
}
