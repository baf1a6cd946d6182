// Which ping sizes the probe sends, and where sizes stop crossing (docs/investigate.md, "The probe").
// Sizes grow up to the largest payload the sender's interface takes with DF set, then one byte more
// (which the sender's own kernel must refuse), then a few above the MTU without DF (fragmented).

export interface PingOutcome {
  /** ICMP payload bytes (ping -s). */
  payload: number;
  dontFragment: boolean;
  sent: number;
  received: number;
}

export interface SizeThreshold {
  largestOk: number;
  smallestLost: number;
}

/** IP plus ICMP echo header: what ping adds to its payload. */
export function pingOverhead(family: 'inet' | 'inet6'): number {
  return family === 'inet' ? 28 : 48;
}

const STEPS = [56, 512, 1000, 1200, 1300, 1400];
/** Above the MTU without DF: the sender fragments, the path must carry every fragment. */
const FRAGMENTED_MTUS = [2, 4];
/** The largest payload an IPv4 or IPv6 echo can carry. */
const MAX_PAYLOAD = 65_507;

export interface LadderRung {
  payload: number;
  dontFragment: boolean;
}

/** The sizes to send from an interface of this MTU, in order. */
export function pingLadder(mtu: number, family: 'inet' | 'inet6'): LadderRung[] {
  const fits = mtu - pingOverhead(family);
  const df = [...STEPS.filter((s) => s < fits), fits, fits + 1].map((payload) => ({ payload, dontFragment: true }));
  const fragmented = FRAGMENTED_MTUS.map((k) => ({ payload: Math.min(k * mtu, MAX_PAYLOAD), dontFragment: false }));
  return [...df, ...fragmented];
}

/** Whether the path was asked to carry it: not a DF ping the sender's own interface is too small for. */
export function expectedToCross(p: Pick<PingOutcome, 'payload' | 'dontFragment'>, mtu: number, family: 'inet' | 'inet6'): boolean {
  return !(p.dontFragment && p.payload > mtu - pingOverhead(family));
}

/**
 * Largest payload that crossed and smallest that did not, when sizes make the difference: among
 * the pings the path was asked to carry, every smaller one crossed (a reply came) and every larger
 * one was lost. No threshold when all crossed, none did, or losses do not follow size.
 */
export function sizeThreshold(pings: readonly PingOutcome[], mtu: number, family: 'inet' | 'inet6'): SizeThreshold | undefined {
  const sorted = pings.filter((p) => expectedToCross(p, mtu, family)).sort((a, b) => a.payload - b.payload);
  const crossed = sorted.map((p) => p.received > 0);
  const k = crossed.indexOf(false);
  if (k <= 0 || crossed.slice(k).some(Boolean)) return undefined;
  return { largestOk: sorted[k - 1]!.payload, smallestLost: sorted[k]!.payload };
}

/** The next DF payload to try between a size that crossed and one that did not, until they are one byte apart; none when the loss began above the MTU (fragments). */
export function bisect(t: SizeThreshold, mtu: number, family: 'inet' | 'inet6'): number | undefined {
  if (t.smallestLost > mtu - pingOverhead(family)) return undefined;
  return t.smallestLost - t.largestOk > 1 ? Math.floor((t.largestOk + t.smallestLost) / 2) : undefined;
}
