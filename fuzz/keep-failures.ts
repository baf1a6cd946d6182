// After the cases: the first case of each new failure signature is minimised and written as a
// fixture (fuzz/fixtures.ts names and lists them); a signature already kept is only reported.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FuzzCase } from './cases.js';
import { runInputs, type Workspace } from './case-runner.js';
import { CAPTURE_REDUCERS } from './capture-reducers.js';
import { describeFailure, type Failure } from './checks.js';
import { readsCaptures } from './commands.js';
import { fixtureNames, listFixtures, slugOf, writeManifest, type ManifestRow } from './fixtures.js';
import { jsonReducer } from './json-reducer.js';
import { minimise } from './minimise.js';
import type { Pool } from './pool.js';

/** A failure that needs more input than this (an RSS blow-up on megabytes) is reported, not kept in the repository. */
const MAX_FIXTURE_BYTES = 1 << 20;

export interface SignatureReport {
  signature: string;
  failure: Failure;
  /** Cases that failed with this signature. */
  count: number;
  first: FuzzCase;
  /** Fixture files written for it (empty when one was already kept, or none are written). */
  written: string[];
  /** The existing fixture of the same slug, if there was one. */
  existing?: string;
  minimisedBytes?: number[];
}

/** The case's inputs made as small as the same signature allows, one input after the other. */
async function minimiseCase(pool: Pool, ws: Workspace, c: FuzzCase, signature: string, seconds: number): Promise<Buffer[]> {
  const best = c.inputs.map((i) => i.bytes);
  const deadline = Date.now() + seconds * 1000;
  for (let k = 0; k < best.length; k++) {
    const holds = async (candidate: Buffer): Promise<boolean> => {
      const r = await runInputs(pool, ws, c, best.map((b, j) => (j === k ? candidate : b)));
      return r.failure?.signature === signature;
    };
    // Share what is left between the inputs still to do.
    const share = Date.now() + (deadline - Date.now()) / (best.length - k);
    const reducers = readsCaptures(c.command) ? [...CAPTURE_REDUCERS] : [jsonReducer];
    best[k] = await minimise(best[k]!, holds, { deadline: share, original: c.inputs[k]!.seed.bytes, parallel: pool.options.size, reducers });
  }
  return best;
}

export async function keepFailures(pool: Pool, ws: Workspace, failures: SignatureReport[], dir: string, seconds: number, log: (line: string) => void): Promise<void> {
  const existing = new Map(listFixtures(dir).map((f) => [f.slug, f.files.join(', ')]));
  const rows: ManifestRow[] = [];
  for (const f of failures) {
    const slug = slugOf(f.signature);
    f.existing = existing.get(slug);
    if (f.existing !== undefined) continue;
    log(`minimising ${f.signature} (case ${f.first.index}, up to ${seconds} s)`);
    const bytes = seconds > 0 ? await minimiseCase(pool, ws, f.first, f.signature, seconds) : f.first.inputs.map((i) => i.bytes);
    f.minimisedBytes = bytes.map((b) => b.length);
    if (f.minimisedBytes.reduce((a, b) => a + b, 0) > MAX_FIXTURE_BYTES) {
      log(`not kept: ${f.signature} still needs ${f.minimisedBytes.join(' + ')} bytes`);
      continue;
    }
    const names = fixtureNames(slug, f.first.inputs.map((i) => i.seed.ext));
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
    names.forEach((name, i) => writeFileSync(join(dir, name), bytes[i]!));
    f.written = names;
    rows.push({
      files: names,
      command: f.first.command,
      wrong: describeFailure(f.failure),
      foundBy: `--seed ${f.first.seed}, case ${f.first.index}, from ${f.first.inputs.map((i) => i.seed.name).join(' + ')} (${f.count} ${f.count === 1 ? 'case' : 'cases'})`,
    });
  }
  if (rows.length > 0) writeManifest(dir, rows);
}
