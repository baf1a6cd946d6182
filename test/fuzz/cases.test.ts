// Fuzz cases are reproducible: the same corpus, seed and case index give the same command and the
// same mutated bytes, whichever cases were made before; and the mutants differ from their seeds.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeCase, type FuzzCase } from '../../fuzz/cases.js';
import { packetsOf, parseLayout } from '../../fuzz/capture-layout.js';
import { analysisSeeds, captureSeeds, SAMPLE_DIR, sampleCaptures, type Corpus } from '../../fuzz/seed-corpus.js';
import { readAll, ROOT } from '../support.js';

// The fixture analysis stands in for the samples' analyze --json (the campaign runs the CLI for it).
const stand = readFileSync(join(ROOT, 'test', 'fixtures', 'analysis', 'clean.json'), 'utf8');
const corpus: Corpus = { captures: captureSeeds(ROOT), analyses: await analysisSeeds(ROOT, async () => stand) };

const fingerprint = (c: FuzzCase): string => `${c.command} ${c.inputs.map((i) => `${i.file}:${i.seed.name}:${i.bytes.toString('base64')}`).join(' ')}`;

describe('fuzz cases', () => {
  it('are the same bytes for the same seed and index, in any order of making', () => {
    const forward = Array.from({ length: 60 }, (_, i) => fingerprint(makeCase(corpus, 5, i, 'all')));
    const backward = Array.from({ length: 60 }, (_, i) => fingerprint(makeCase(corpus, 5, 59 - i, 'all'))).reverse();
    assert.deepEqual(backward, forward);
  });

  it('differ with the seed', () => {
    const a = Array.from({ length: 20 }, (_, i) => fingerprint(makeCase(corpus, 5, i, 'all')));
    const b = Array.from({ length: 20 }, (_, i) => fingerprint(makeCase(corpus, 6, i, 'all')));
    assert.ok(a.filter((x, i) => x === b[i]).length < 2);
  });

  it('keep to their target and change their seed bytes', () => {
    for (const target of ['analyze', 'correlate', 'report'] as const) {
      let changed = 0;
      for (let i = 0; i < 40; i++) {
        const c = makeCase(corpus, 9, i, target);
        assert.ok(c.command.startsWith(target), `${target}: ${c.command}`);
        assert.equal(c.inputs.length, target === 'correlate' ? 2 : 1);
        if (c.inputs.every((input) => !input.bytes.equals(input.seed.bytes))) changed++;
      }
      assert.ok(changed >= 36, `${target}: only ${changed} of 40 cases changed every input`);
    }
  });

  it('find the packets in a capture that the reader finds', async () => {
    for (const file of sampleCaptures(ROOT)) {
      const bytes = readFileSync(join(ROOT, SAMPLE_DIR, file));
      const { summary } = await readAll(join(ROOT, SAMPLE_DIR, file));
      assert.equal(packetsOf(bytes, parseLayout(bytes)!).length, summary.packets, file);
    }
  });
});
