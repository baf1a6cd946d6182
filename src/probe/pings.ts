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

/** The IP version of a numeric address: what a ping to it is carried in. */
export function addressFamily(address: string): 'inet' | 'inet6' {
  return address.includes(':') ? 'inet6' : 'inet';
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

/** The sizes to send from an interface of this MTU, in order; none past what an echo can carry (loopback's MTU is 64 KiB). */
export function pingLadder(mtu: number, family: 'inet' | 'inet6'): LadderRung[] {
  const fits = Math.min(mtu - pingOverhead(family), MAX_PAYLOAD);
  const df = [...STEPS.filter((s) => s < fits), fits, fits + 1].filter((s) => s <= MAX_PAYLOAD).map((payload) => ({ payload, dontFragment: true }));
  const fragmented = FRAGMENTED_MTUS.map((k) => k * mtu).filter((s) => s <= MAX_PAYLOAD).map((payload) => ({ payload, dontFragment: false }));
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

/** Sends one ping of a size and says what came back. */
export type SendPing = (payload: number, dontFragment: boolean) => Promise<PingOutcome>;

/**
 * The ladder at once (sizes do not disturb each other), then DF pings halving a threshold's gap,
 * at most `bisectSteps`; each outcome goes to `seen` as it comes. `stopped` ends the halving early.
 */
export async function probeSizes(mtu: number, family: 'inet' | 'inet6', ping: SendPing, seen: (p: PingOutcome) => void, bisectSteps: number, stopped: () => boolean): Promise<PingOutcome[]> {
  const done = await Promise.all(pingLadder(mtu, family).map((r) => ping(r.payload, r.dontFragment)));
  done.forEach(seen);
  for (let i = 0; i < bisectSteps && !stopped(); i++) {
    const threshold = sizeThreshold(done, mtu, family);
    const next = threshold === undefined ? undefined : bisect(threshold, mtu, family);
    if (next === undefined) break;
    const p = await ping(next, true);
    done.push(p);
    seen(p);
  }
  return done;
}
