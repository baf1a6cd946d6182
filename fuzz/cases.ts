// One fuzz case from (corpus, campaign seed, case index): which command, which seeds, and the
// mutated bytes of each input. Everything is drawn from the case's own generator.

import type { CommandKind } from './commands.js';
import { mutateAnalysisJson } from './json-mutators.js';
import { mutateCapture } from './mutate-capture.js';
import { Prng } from './prng.js';
import type { Corpus, Seed } from './seed-corpus.js';

export type Target = 'analyze' | 'correlate' | 'report' | 'all';
export const TARGETS: readonly Target[] = ['analyze', 'correlate', 'report', 'all'];

export interface CaseInput {
  /** File name inside the case's directory (its extension is the seed's). */
  file: string;
  seed: Seed;
  bytes: Buffer;
}

export interface FuzzCase {
  seed: number;
  index: number;
  command: CommandKind;
  inputs: CaseInput[];
}

/** analyze --html one time in four: the report renderer gets capture-made analyses too. */
const HTML_SHARE = 0.25;

function commandFor(target: Target, rng: Prng): CommandKind {
  // correlate costs about twenty analyze runs (it starts a worker thread): drawn less often.
  const t = target === 'all' ? rng.pick(['analyze', 'analyze', 'analyze', 'correlate', 'report', 'report'] as const) : target;
  if (t === 'analyze') return rng.chance(HTML_SHARE) ? 'analyze-html' : 'analyze';
  return t;
}

export function makeCase(corpus: Corpus, seed: number, index: number, target: Target): FuzzCase {
  const rng = new Prng(seed, index);
  const command = commandFor(target, rng);
  if (command === 'report') {
    const s = rng.pick(corpus.analyses);
    return { seed, index, command, inputs: [{ file: `analysis${s.ext}`, seed: s, bytes: mutateAnalysisJson(s.bytes, rng) }] };
  }
  if (command === 'correlate') {
    const a = rng.pick(corpus.captures);
    // Half the pairs are the same capture twice: then there is something to correlate.
    const b = rng.chance(0.5) ? a : rng.pick(corpus.captures);
    return {
      seed,
      index,
      command,
      inputs: [
        { file: `a${a.ext}`, seed: a, bytes: mutateCapture(a.bytes, rng) },
        { file: `b${b.ext}`, seed: b, bytes: mutateCapture(b.bytes, rng) },
      ],
    };
  }
  const s = rng.pick(corpus.captures);
  return { seed, index, command, inputs: [{ file: `capture${s.ext}`, seed: s, bytes: mutateCapture(s.bytes, rng) }] };
}
