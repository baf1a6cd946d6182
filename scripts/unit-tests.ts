// `npm run test:unit`: every test file that needs neither root nor a Debian package, for any user
// with only Node installed, in well under a minute. test/lab/ needs root; any other file that needs
// more says so in a `// needs: …` line among its opening comments (a Debian package) or a
// `// full suite only: …` line (a long run), and `npm test` (the full suite) runs it.

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NEEDS = /^\/\/ (needs|full suite only): /m;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'lab' ? [] : testFiles(path);
    return e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The opening comment block of a source file: the lines before its first import. */
const opening = (path: string): string => readFileSync(path, 'utf8').split(/^import /m)[0] ?? '';

const sources = testFiles(join(ROOT, 'test')).filter((f) => !NEEDS.test(opening(f)));
const compiled = sources.map((f) => join(ROOT, 'dist', relative(ROOT, f)).replace(/\.ts$/, '.js'));
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...compiled], { cwd: ROOT, stdio: 'inherit' });
process.exitCode = r.status ?? 1;
