// Every failure the fuzzer kept (test/fixtures/fuzz/, named by signature) replayed through the CLI
// as a child process, with the command its name starts with, under the fuzzer's own checks:
// exit 0, 1 or 2; no stack trace or internal error; no hang; an exit 2 names the file (and for a
// capture the byte offset) on one line per bad input. Peak RSS is the campaign's check only.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkOutcome } from '../../fuzz/checks.js';
import { commandArgs } from '../../fuzz/commands.js';
import { FIXTURE_DIR, listFixtures } from '../../fuzz/fixtures.js';
import { ROOT, runCli, scratchDir } from '../support.js';

/** The fuzzer's per-case limit. */
const TIMEOUT_MS = 10_000;
/** Runs per fixture: some failures are races (a worker's error against the merge), seen most but not every time. */
const RUNS = 3;

const dir = scratchDir();
const fixtures = listFixtures(join(ROOT, FIXTURE_DIR));

describe('kept fuzz failures', () => {
  it('are there to replay', () => {
    assert.ok(fixtures.length > 0, `no fixtures in ${FIXTURE_DIR}`);
  });

  for (const f of fixtures) {
    it(f.slug, () => {
      // Paths relative to the repository root (the CLI's working directory), as a user would type them.
      const inputs = f.files.map((file) => join(FIXTURE_DIR, file));
      for (let run = 0; run < RUNS; run++) {
        const r = runCli(commandArgs(f.command, inputs, join(dir, `${f.slug}.html`)), TIMEOUT_MS);
        const failure = checkOutcome({ status: r.status, stdout: r.stdout, stderr: r.stderr, rssKb: 0, ms: r.ms, hang: r.status === null }, f.command, inputs);
        assert.equal(failure, undefined, `run ${run + 1}: ${failure?.signature}\n${r.stderr.slice(0, 2000)}`);
      }
    });
  }
});
