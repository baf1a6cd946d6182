// A fixed-seed sample of the fuzzer (2,000 cases, all targets mixed) through the same runner as
// `npm run fuzz`: no case may fail. It prints its pace; on this project's 2-core machines it takes
// well under three minutes.
// full suite only: its half minute would double test:unit's time; `npm run fuzz` runs any size.

import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { describe, it } from 'node:test';
import { runCampaign } from '../../fuzz/campaign.js';
import { ROOT } from '../support.js';

const CASES = 2000;
const SEED = 20240601;

describe('fuzz sample', () => {
  it(`${CASES} cases of seed ${SEED} pass every check`, { timeout: 600_000 }, async (t) => {
    const r = await runCampaign({ root: ROOT, cases: CASES, seed: SEED, target: 'all', jobs: availableParallelism(), minimiseSeconds: 0 });
    t.diagnostic(`${r.cases} cases in ${(r.wallMs / 1000).toFixed(1)} s, ${r.casesPerSecond.toFixed(1)} cases/s, peak child RSS ${Math.round(r.maxRssKb / 1024)} MB`);
    assert.equal(r.cases, CASES);
    const lines = r.failures.map((f) => `${f.signature}: ${f.count} cases, first ${f.first.index} (npm run fuzz -- --seed ${SEED} --cases ${f.first.index + 1})`);
    assert.equal(r.failingCases, 0, lines.join('\n'));
  });
});
