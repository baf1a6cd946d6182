// Mutations of an analysis JSON (what `report` reads): a value somewhere in the tree changes type,
// becomes a string of megabytes, a huge, negative or NaN-like number, deep nesting or a huge array,
// or its field goes missing; sometimes the text itself is damaged byte by byte.

import { mutateBytes } from './byte-mutators.js';
import type { Prng } from './prng.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Container = Json[] | { [k: string]: Json };

interface Slot {
  parent: Container;
  key: string | number;
}

/** Text written into the output as it is (tokens JSON.stringify cannot produce). */
class Raw {
  constructor(readonly text: string) {}
}

const HUGE_NUMBERS = [1e308, -1e308, 2 ** 53 + 1, 5e-324, 1e21, -0, 2 ** 31, 2 ** 32, -(2 ** 31), -1, 0.5];
const NAN_LIKE = ['NaN', 'Infinity', '-Infinity', '1e999', '-1e999', '1E400', '-0'];
const ODD_STRINGS = ['', ' ', 'NaN', '\u202e', '</script><script>alert(1)</script>', '\u0000', '\ud800', '🙂'.repeat(100)];
const HUGE_SIZES = [1 << 20, 3 << 20, 8 << 20];
/** The largest JSON text a mutation may make (huge arrays are cut to it). */
const MAX_TEXT = 16 << 20;

function slotsOf(root: Json): Slot[] {
  const slots: Slot[] = [];
  const walk = (v: Json): void => {
    if (Array.isArray(v)) v.forEach((x, i) => (slots.push({ parent: v, key: i }), walk(x)));
    else if (v !== null && typeof v === 'object' && !((v as unknown) instanceof Raw)) for (const [k, x] of Object.entries(v)) slots.push({ parent: v, key: k }), walk(x);
  };
  walk(root);
  return slots;
}

const get = (s: Slot): Json => (s.parent as Record<string | number, Json>)[s.key]!;
const set = (s: Slot, v: Json | Raw): void => void ((s.parent as Record<string | number, Json | Raw>)[s.key] = v);

function hugeString(rng: Prng): string {
  const unit = rng.pick(['A', '<', '\u202e', 'é', '\\', '"', '\n', 'x'.repeat(7) + '\u0007']);
  return unit.repeat(Math.ceil(rng.pick(HUGE_SIZES) / unit.length));
}

function nested(rng: Prng): Raw {
  const depth = rng.pick([100, 1_000, 10_000, 100_000]);
  return rng.chance(0.5) ? new Raw('['.repeat(depth) + '0' + ']'.repeat(depth)) : new Raw('{"a":'.repeat(depth) + '0' + '}'.repeat(depth));
}

function hugeArray(v: Json, rng: Prng): Raw {
  const item = JSON.stringify(Array.isArray(v) && v.length > 0 ? v[0] : v) ?? 'null';
  const n = Math.min(rng.pick([1_000, 100_000, 1_000_000]), Math.floor(MAX_TEXT / (item.length + 1)));
  return new Raw(`[${Array<string>(n).fill(item).join(',')}]`);
}

function mutateSlot(s: Slot, rng: Prng): void {
  const v = get(s);
  switch (rng.below(8)) {
    case 0:
      set(s, rng.pick<Json>([0, -1, '', 'x', true, false, null, [], {}, String(v), [v]]));
      return;
    case 1:
      set(s, hugeString(rng));
      return;
    case 2:
      set(s, rng.pick(HUGE_NUMBERS));
      return;
    case 3:
      set(s, typeof v === 'number' ? -v - 1 : rng.pick(ODD_STRINGS));
      return;
    case 4:
      set(s, new Raw(rng.pick(NAN_LIKE)));
      return;
    case 5:
      set(s, nested(rng));
      return;
    case 6:
      if (Array.isArray(s.parent)) s.parent.splice(s.key as number, 1);
      else delete s.parent[s.key as string];
      return;
    default:
      set(s, hugeArray(v, rng));
  }
}

/** Serialises with Raw values spliced in as they are. */
function serialise(root: Json, rng: Prng): string {
  const raws: string[] = [];
  const text = JSON.stringify(root, (_k, v: unknown) => (v instanceof Raw ? `\u0000raw${raws.push(v.text) - 1}\u0000` : v), rng.chance(0.5) ? 2 : undefined);
  return text.replace(/"\\u0000raw(\d+)\\u0000"/g, (_m, i: string) => raws[Number(i)]!);
}

export function mutateAnalysisJson(seed: Buffer, rng: Prng): Buffer {
  if (rng.chance(0.15)) return mutateBytes(seed, rng);
  const root = JSON.parse(seed.toString('utf8')) as Json;
  for (let n = rng.between(1, 3); n > 0; n--) {
    const slots = slotsOf(root);
    if (slots.length === 0) break;
    mutateSlot(rng.pick(slots), rng);
  }
  return Buffer.from(serialise(root, rng), 'utf8');
}
