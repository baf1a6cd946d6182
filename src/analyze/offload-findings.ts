// Findings about unfinished (offload) checksums, from their judged outcome: `offload-leak` only on
// evidence that the receiver did not take them, saying which; an `offload-unconfirmed` note,
// severity info, where nothing in the capture tells.

import { hex4, MAX_FLOW_IDS, plural } from './finding-text.js';
import { unconfirmedCount, type UnfinishedOutcome } from './outcome.js';
import { remedyOf } from './remedies.js';
import type { Finding } from './types.js';

export const LEAK_BASIS = 'resent and never acknowledged';

export function offloadLeakFinding(o: UnfinishedOutcome): Finding | undefined {
  if (o.leaked === 0) return undefined;
  const first = o.leakExamples[0];
  const how = o.leakedInTunnel > 0 && o.leakedInbound > 0 ? 'crossed the tunnel and arrived' : o.leakedInTunnel > 0 ? 'crossed the tunnel' : 'arrived';
  return {
    kind: 'offload-leak',
    severity: 'high',
    summary:
      `${plural(o.leaked, 'segment')} ${how} with an unfinished checksum (offload artifact)` +
      (first ? `, e.g. frame ${first.frame} of ${first.flow} stored ${hex4(first.stored)},` : '') +
      ` and ${o.leaked === 1 ? 'was' : 'were'} ${LEAK_BASIS}: the receiver did not take ${o.leaked === 1 ? 'it' : 'them'}`,
    count: o.leaked,
    flows: o.leakFlows.slice(0, MAX_FLOW_IDS),
    ...remedyOf('offload-leak', { source: first?.flow }),
    evidence: {
      basis: LEAK_BASIS,
      leaked: o.leaked,
      insideTunnel: o.leakedInTunnel,
      inbound: o.leakedInbound,
      benignOutbound: o.leavingSender,
      acknowledged: o.acknowledged,
      unconfirmed: unconfirmedCount(o),
      flowsAffected: o.leakFlows.length,
    },
    examples: o.leakExamples,
  };
}

/** The unfinished checksums whose fate the capture does not show: a note, not a fault. */
export function offloadUnconfirmedNote(o: UnfinishedOutcome): Finding | undefined {
  const count = unconfirmedCount(o);
  if (count === 0) return undefined;
  const parts: string[] = [];
  if (o.silent > 0) parts.push(`${plural(o.silent, 'TCP segment')} neither acknowledged nor resent within the capture`);
  if (o.udp > 0) parts.push(`${plural(o.udp, 'UDP datagram')} (nothing acknowledges UDP)`);
  if (o.unplaced > 0) parts.push(`${o.unplaced} resent and never acknowledged at a point whose direction is unknown, which may be their sender`);
  if (o.droppedOtherwise > 0) parts.push(`${o.droppedOtherwise} resent and never acknowledged by a receiver that took unfinished checksums on other connections, so something else dropped them`);
  return {
    kind: 'offload-unconfirmed',
    severity: 'info',
    summary:
      `${plural(count, 'segment')} carried an unfinished checksum (offload) with no evidence of whether the receiver took ${count === 1 ? 'it' : 'them'}: ${parts.join('; ')}. ` +
      'Unfinished is normal until a NIC or the receiving kernel finishes it, so this is no fault by itself',
    count,
    flows: o.unconfirmedFlows.slice(0, MAX_FLOW_IDS),
    ...remedyOf('offload-unconfirmed'),
    evidence: {
      neitherAcknowledgedNorResent: o.silent,
      udp: o.udp,
      resentDirectionUnknown: o.unplaced,
      resentReceiverTakesOthers: o.droppedOtherwise,
      acknowledged: o.acknowledged,
      benignOutbound: o.leavingSender,
    },
    examples: o.unconfirmedExamples,
  };
}
