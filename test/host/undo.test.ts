// Host changes are undone when the work throws, and when SIGINT or SIGTERM arrives mid-way.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startBackground } from '../../src/host/process.js';
import { withUndo } from '../../src/host/undo.js';

test('a thrown error runs undo, then propagates', async () => {
  let undone = 0;
  await assert.rejects(
    withUndo(
      async () => {
        throw new Error('step 3 failed');
      },
      async () => {
        undone++;
      },
    ),
    /step 3 failed/,
  );
  assert.equal(undone, 1);
});

test('success does not undo', async () => {
  let undone = 0;
  assert.equal(await withUndo(async () => 7, async () => void undone++), 7);
  assert.equal(undone, 0);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} stops the work between steps, undoes, and ends the process by that signal`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ovsf-undo-'));
    const undo = fileURLToPath(new URL('../../src/host/undo.js', import.meta.url));
    const script = join(dir, 'work.mjs');
    writeFileSync(
      script,
      `import { writeFileSync } from 'node:fs';
import { withUndo } from ${JSON.stringify(undo)};
await withUndo(async (signal) => {
  for (let step = 0; ; step++) {
    signal.throwIfAborted();
    writeFileSync(${JSON.stringify(join(dir, 'steps'))}, String(step));
    if (step === 2) console.log('ready');
    await new Promise((r) => setTimeout(r, 50));
  }
}, async () => writeFileSync(${JSON.stringify(join(dir, 'undone'))}, 'yes'));
`,
    );
    const child = startBackground(process.execPath, [script], { timeoutMs: 20_000 });
    await child.waitForLine('stdout', /ready/, 10_000);
    const r = await child.stop(signal);
    assert.equal(readFileSync(join(dir, 'undone'), 'utf8'), 'yes');
    assert.ok(existsSync(join(dir, 'steps')));
    assert.equal(r.exitCode, -1, 'ended by the signal, not by an exit status');
  });
}
