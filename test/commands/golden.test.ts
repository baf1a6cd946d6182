// Golden tests of `analyze` on every sample capture: text and JSON output as stored under
// test/golden/ (JSON without generatedAt), and the exit status (0 clean, 1 findings).
// UPDATE_GOLDEN=1 npm test rewrites the stored outputs; review the diff before committing it.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sampleCaptures } from '../../scripts/synth/captures.js';
import { assertMatchesSchema } from '../schema/validate.js';
import { ROOT, runCli } from '../support.js';

const GOLDEN = join(ROOT, 'test', 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

function compare(name: string, actual: string): void {
  const path = join(GOLDEN, name);
  if (update || !existsSync(path)) {
    assert.ok(update, `${path} is missing: run UPDATE_GOLDEN=1 npm test`);
    writeFileSync(path, actual);
    return;
  }
  assert.equal(actual, readFileSync(path, 'utf8'), `${name} differs from the golden output`);
}

describe('analyze golden output', () => {
  for (const c of sampleCaptures()) {
    const rel = `captures/${c.file}`;
    const status = c.findings.length > 0 ? 1 : 0;
    it(`${rel}: text, exit ${status}`, () => {
      const r = runCli(['analyze', rel]);
      assert.equal(r.stderr, '');
      assert.equal(r.status, status);
      compare(`${c.file}.txt`, r.stdout);
    });

    it(`${rel}: --json, exit ${status}`, () => {
      const r = runCli(['analyze', rel, '--json']);
      assert.equal(r.status, status);
      const { generatedAt, ...rest } = JSON.parse(r.stdout) as { generatedAt: string; schema: string };
      assertMatchesSchema('analysis', { generatedAt, ...rest });
      assert.ok(!Number.isNaN(Date.parse(generatedAt)));
      assert.equal(rest.schema, 'ovsforensics.analysis/1');
      compare(`${c.file}.json`, `${JSON.stringify(rest, null, 2)}\n`);
    });
  }
});
