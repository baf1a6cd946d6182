// The receivers' own checksum counters around a capture: read at every point's namespace and
// interface before the capture starts and after it ends; the increase is the point's record.
// A point whose counters cannot be read is left without one: the capture does not depend on them.

import type { PointCounters } from '../analyze/receiver-counters.js';
import { readChecksumCounters, type ChecksumCounters } from '../host/checksum-counters.js';
import { ipAddresses } from '../host/ip.js';
import type { CapturePoint } from './point.js';

/** after − before for every counter read after; a counter that went backwards (reset) counts 0. */
export function increase(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, Math.max(0, v - (before[k] ?? v))]));
}

interface Start {
  counters: ChecksumCounters;
  addresses: string[];
  at: number;
}

export class CounterWatch {
  private constructor(
    private readonly targets: readonly CapturePoint[],
    private readonly starts: (Start | undefined)[],
  ) {}

  /** Reads every point's counters now; `notice` hears about those that cannot be read. */
  static async start(targets: readonly CapturePoint[], notice: (m: string) => void): Promise<CounterWatch> {
    const starts = await Promise.all(
      targets.map(async (t): Promise<Start | undefined> => {
        try {
          const [counters, addresses] = await Promise.all([readChecksumCounters(t.netns, t.iface), ipAddresses(t.netns)]);
          return { counters, addresses: addresses.map((a) => a.local), at: Date.now() };
        } catch (e) {
          notice(`checksum counters of ${t.label} not recorded: ${(e as Error).message}`);
          return undefined;
        }
      }),
    );
    return new CounterWatch(targets, starts);
  }

  /** Reads them again: each point's increase since start, undefined where either reading failed. */
  async finish(): Promise<(PointCounters | undefined)[]> {
    return Promise.all(
      this.targets.map(async (t, i): Promise<PointCounters | undefined> => {
        const s = this.starts[i];
        if (s === undefined) return undefined;
        const end = await readChecksumCounters(t.netns, t.iface).catch(() => undefined);
        if (end === undefined) return undefined;
        return {
          point: t.label,
          netns: t.place,
          iface: t.iface,
          addresses: s.addresses,
          seconds: Math.round((Date.now() - s.at) / 100) / 10,
          kernel: increase(s.counters.kernel, end.kernel),
          nic: increase(s.counters.nic, end.nic),
        };
      }),
    );
  }
}
