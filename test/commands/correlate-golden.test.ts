// Golden tests of `correlate` on every sample capture with several interfaces, one point per
// interface in the file's order: the JSON output (without generatedAt) as stored under
// test/golden/correlate/, and the exit status. They pin the results through changes made for speed.
// UPDATE_GOLDEN=1 npm test rewrites the stored outputs; review the diff before committing it.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readCapture } from '../../src/pcap/index.js';
import { assertMatchesSchema } from '../schema/validate.js';
import { ROOT, runCli } from '../support.js';

const GOLDEN = join(ROOT, 'test', 'golden', 'correlate');
const update = process.env.UPDATE_GOLDEN === '1';

/** Interface names of a capture file, in its order. */
async function interfaceNames(path: string): Promise<string[]> {
  const { summary } = await readCapture(path, () => undefined);
  return summary.interfaces.map((i) => i.name ?? `if${i.id}`);
}

describe('correlate golden output', async () => {
  const files = readdirSync(join(ROOT, 'captures')).filter((f) => f.endsWith('.pcapng')).sort();
  const cases: { file: string; names: string[] }[] = [];
  for (const file of files) {
    const names = await interfaceNames(join(ROOT, 'captures', file));
    if (names.length >= 2) cases.push({ file, names });
  }

  it('covers several sample captures', () => assert.ok(cases.length >= 3, `only ${cases.length} captures with several interfaces`));

  for (const { file, names } of cases) {
    it(`captures/${file}: ${names.join(' → ')}`, () => {
      const r = runCli(['correlate', ...names.map((n) => `${n}=captures/${file}#${n}`), '--json']);
      assert.equal(r.stderr, '');
      assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}`);
      const { generatedAt, ...rest } = JSON.parse(r.stdout) as { generatedAt: string; findings: unknown[] };
      assertMatchesSchema('correlation', { generatedAt, ...rest });
      assert.equal(r.status, rest.findings.length > 0 ? 1 : 0);
      const actual = `${JSON.stringify(rest, null, 2)}\n`;
      const path = join(GOLDEN, `${file}.json`);
      if (update || !existsSync(path)) {
        assert.ok(update, `${path} is missing: run UPDATE_GOLDEN=1 npm test`);
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(path, actual);
        return;
      }
      assert.equal(actual, readFileSync(path, 'utf8'), `${file} differs from the golden output`);
    });
  }
});
