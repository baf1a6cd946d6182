// The minimiser's view of a JSON document: every member and array element is an item, so a
// failing analysis shrinks to the fields the failure needs while staying JSON.

import type { Reducer, Reduction } from './minimise.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Item ids in document order (pre-order), each the id path of a member or element. */
function paths(v: Json, prefix: string, out: string[]): void {
  if (v === null || typeof v !== 'object') return;
  const entries: [string, Json][] = Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v);
  for (const [k, x] of entries) {
    const p = `${prefix}/${JSON.stringify(k)}`;
    out.push(p);
    paths(x, p, out);
  }
}

/** The document with only the kept items (an item whose parent went, goes with it). */
function prune(v: Json, prefix: string, kept: Set<string>): Json {
  if (v === null || typeof v !== 'object') return v;
  const keep = (k: string): boolean => kept.has(`${prefix}/${JSON.stringify(k)}`);
  if (Array.isArray(v)) return v.flatMap((x, i) => (keep(String(i)) ? [prune(x, `${prefix}/${JSON.stringify(String(i))}`, kept)] : []));
  return Object.fromEntries(Object.entries(v).flatMap(([k, x]) => (keep(k) ? [[k, prune(x, `${prefix}/${JSON.stringify(k)}`, kept)]] : [])));
}

export const jsonReducer: Reducer = (b): Reduction<string> | undefined => {
  let doc: Json;
  try {
    doc = JSON.parse(b.toString('utf8')) as Json;
  } catch {
    // Not JSON (the failure may be about that): bytes only.
    return undefined;
  }
  const items: string[] = [];
  paths(doc, '', items);
  return { items, build: (kept: string[]) => Buffer.from(JSON.stringify(prune(doc, '', new Set(kept)))) };
};
