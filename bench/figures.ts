// The bench's arithmetic: medians of repeated runs, ratios, and each target's verdict (met, NOT met
// or not measured) with the figure it was judged on.

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  if (values.length === 0) throw new RangeError('median of nothing');
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The item whose key is the median (the upper middle for an even count): its other fields stay its own. */
export function medianBy<T>(items: T[], key: (item: T) => number): T {
  if (items.length === 0) throw new RangeError('median of nothing');
  return [...items].sort((a, b) => key(a) - key(b))[Math.floor(items.length / 2)]!;
}

/** a / b, undefined when b is zero (nothing to compare with). */
export function ratio(a: number, b: number): number | undefined {
  return b === 0 ? undefined : a / b;
}

export interface Target {
  goal: string;
  /** What was measured, as the report prints it. */
  measured: string;
  /** undefined: not measured in this run (the reason is in `measured`). */
  met: boolean | undefined;
}

export function verdict(t: Target): string {
  return t.met === undefined ? 'not measured' : t.met ? 'met' : 'NOT met';
}

export type Bound = 'at most' | 'under' | 'at least';

const holds: Record<Bound, (value: number, limit: number) => boolean> = {
  'at most': (v, l) => v <= l,
  under: (v, l) => v < l,
  'at least': (v, l) => v >= l,
};

/** value against limit; a missing value (nothing to compare with) is not measured. */
export function bound(goal: string, value: number | undefined, kind: Bound, limit: number, unit: string): Target {
  if (value === undefined || !Number.isFinite(value)) return notMeasured(goal, 'no figure (nothing to compare with)');
  return { goal, measured: `${value.toFixed(2)}${unit} (${kind} ${limit}${unit})`, met: holds[kind](value, limit) };
}

/**
 * actual at most share above expected (share 0.1 = 10%): growth no worse than linear. Faster than
 * linear is met, and shown (the JIT warms up once, so big files cost less per byte).
 */
export function notAbove(goal: string, actual: number, expected: number, share: number): Target {
  const off = expected === 0 ? Infinity : actual / expected - 1;
  const sign = off >= 0 ? '+' : '−';
  return {
    goal,
    measured: `${actual.toFixed(2)} s against ${expected.toFixed(2)} s expected (${sign}${(Math.abs(off) * 100).toFixed(1)}%, limit +${share * 100}%)`,
    met: off <= share,
  };
}

export function notMeasured(goal: string, why: string): Target {
  return { goal, measured: why, met: undefined };
}
