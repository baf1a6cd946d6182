// Wording shared by the finding builders: shares, checksums, counted nouns, intervals.

/** Flow ids listed in one finding at most. */
export const MAX_FLOW_IDS = 50;

export function pct(n: number, of: number): string {
  if (of === 0) return '0%';
  const p = (100 * n) / of;
  return p >= 10 ? `${p.toFixed(0)}%` : p >= 0.1 ? `${p.toFixed(1)}%` : `${p.toFixed(3)}%`;
}

export const hex4 = (v: number): string => `0x${v.toString(16).padStart(4, '0')}`;

/** "1 segment", "3 segments". */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** Seconds between successive times: "1, 2, 4, 8", whole where within 50 ms, else to a tenth. */
export function gaps(times: readonly number[]): string {
  const out: string[] = [];
  for (let i = 1; i < times.length; i++) {
    const d = times[i]! - times[i - 1]!;
    out.push(Math.abs(d - Math.round(d)) < 0.05 ? String(Math.round(d)) : d.toFixed(1));
  }
  return out.join(', ');
}
