// Delta debugging (Zeller's ddmin): first put back the seed's original bytes wherever the failure
// does not need the change, then leave out what the failure does not need, coarse to fine: the
// pieces a format knows (a capture's records and blocks, a JSON document's members), then chunks
// of bytes, halving their size whenever no chunk can go. Every step keeps the failure (the
// predicate); the whole is bounded in time.

/** A way to see an input as items, any subset of which can be built back into an input. */
export interface Reduction<T> {
  items: T[];
  build(kept: T[]): Buffer;
}

/** The reduction a format allows on this input, or undefined when the input is not of that format. */
export type Reducer = (b: Buffer) => Reduction<unknown> | undefined;

export interface MinimiseOptions {
  /** Stop trying (keeping the smallest input so far) at this Date.now(). */
  deadline: number;
  /** The unmutated seed, when of the same length: its bytes are tried back first. */
  original?: Buffer;
  /** Candidates tested at once (the pool's size); the first in order that fails still wins. */
  parallel?: number;
  /** Format-aware reductions, tried in order before single bytes. */
  reducers?: Reducer[];
}

type Holds = (candidate: Buffer) => Promise<boolean>;

/** Splits [0, n) into `parts` runs of near-equal size. */
function runs(n: number, parts: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < parts; i++) {
    const start = Math.floor((i * n) / parts);
    const end = Math.floor(((i + 1) * n) / parts);
    if (end > start) out.push([start, end]);
  }
  return out;
}

/**
 * ddmin over a reduction's items: tries leaving out each of `parts` runs, `parallel` candidates at
 * a time, the first in order that still holds winning; returns the input built from what is left.
 */
async function ddmin<T>(r: Reduction<T>, holds: Holds, opts: MinimiseOptions): Promise<Buffer> {
  const parallel = Math.max(1, opts.parallel ?? 1);
  let current = r.items;
  let parts = 2;
  while (current.length > 0) {
    const chunks = runs(current.length, Math.min(parts, current.length));
    let found: T[] | undefined;
    for (let i = 0; i < chunks.length && found === undefined; i += parallel) {
      if (Date.now() > opts.deadline) return r.build(current);
      const batch = chunks.slice(i, i + parallel).map(([s, e]) => [...current.slice(0, s), ...current.slice(e)]);
      const results = await Promise.all(batch.map((kept) => holds(r.build(kept))));
      found = batch[results.indexOf(true)];
    }
    if (found !== undefined) {
      current = found;
      parts = Math.max(parts - 1, 2);
    } else if (parts >= current.length) {
      break;
    } else {
      parts = Math.min(parts * 2, current.length);
    }
  }
  return r.build(current);
}

/** The changed positions of a mutant of the same length as its original: kept ones keep the mutant's byte. */
function changes(input: Buffer, original: Buffer): Reduction<number> {
  return {
    items: [...input.keys()].filter((i) => input[i] !== original[i]),
    build(kept) {
      const b = Buffer.from(original);
      for (const i of kept) b[i] = input[i]!;
      return b;
    },
  };
}

/** Byte ranges that can go whole (a capture's records or blocks); what lies outside them stays. */
export function rangesReducer(ranges: (b: Buffer) => [number, number][]): Reducer {
  return (b) => {
    const all = ranges(b);
    return all.length === 0
      ? undefined
      : {
          items: all,
          build(kept) {
            const keep = new Set(kept);
            const parts: Buffer[] = [];
            let at = 0;
            for (const range of all) {
              if (keep.has(range)) continue;
              parts.push(b.subarray(at, range[0]));
              at = range[1];
            }
            return Buffer.concat([...parts, b.subarray(at)]);
          },
        };
  };
}

/** Every byte on its own; ddmin still removes long runs first. */
function bytes(b: Buffer): Reduction<number> {
  return { items: [...b.keys()], build: (kept) => Buffer.from(kept.map((i) => b[i]!)) };
}

export async function minimise(input: Buffer, holds: Holds, opts: MinimiseOptions): Promise<Buffer> {
  let best = input;
  if (opts.original !== undefined && opts.original.length === input.length) best = await ddmin(changes(input, opts.original), holds, opts);
  for (const reducer of opts.reducers ?? []) {
    const r = reducer(best);
    if (r !== undefined) best = await ddmin(r, holds, opts);
  }
  return ddmin(bytes(best), holds, opts);
}
