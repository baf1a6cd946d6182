// `report` input checking: wrong files fail with an InputError naming the file, and the CLI maps
// that to exit status 2 with one line on stderr.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { InputError } from '../../src/errors.js';
import { checkAnalysis, readAnalysisFile, readHostFactsFile } from '../../src/report/read-analysis.js';
import { fixturePath, FIXTURES, loadFixture } from './fixtures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ovsf-report-'));
const write = (name: string, text: string): string => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};
const CLI = new URL('../../src/cli.js', import.meta.url).pathname;

test('every fixture is a valid analysis', async () => {
  for (const name of FIXTURES) assert.equal((await readAnalysisFile(fixturePath(name))).schema, 'ovsforensics.analysis/1');
});

test('bad JSON, wrong schema, a missing file and a bad field are InputErrors naming the file', async () => {
  const cases: [string, RegExp][] = [
    [write('broken.json', '{"schema": "ovsforensics.analysis/1",'), /broken\.json: not JSON/],
    [write('other.json', '{"schema": "something/2"}'), /other\.json: not an ovsforensics analysis: schema "something\/2"/],
    [write('array.json', '[1,2]'), /array\.json: not an ovsforensics analysis \(expected a JSON object\)/],
    [path.join(dir, 'missing.json'), /missing\.json: cannot read: no such file/],
  ];
  for (const [file, message] of cases) {
    await assert.rejects(readAnalysisFile(file), (e: unknown) => e instanceof InputError && e.file === file && message.test(e.message));
  }
  const bad = loadFixture('clean') as unknown as { flows: { segments: unknown }[] };
  bad.flows[1]!.segments = 'lots';
  assert.throws(() => checkAnalysis(bad, 'x.json'), /x\.json: malformed analysis: analysis\.flows\[1\]\.segments: expected an object/);
  const noFindings = { ...loadFixture('clean'), findings: undefined };
  assert.throws(() => checkAnalysis(noFindings, 'y.json'), /analysis\.findings: expected a value \(missing\)/);
});

test('the report command exits 2 with one line naming the file on bad input', () => {
  const file = write('not-json.json', 'hello');
  const r = spawnSync(process.execPath, [CLI, 'report', file, '-o', path.join(dir, 'x.html')], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, new RegExp(`^ovsforensics: ${file.replace(/[.]/g, '\\.')}: not JSON: .*\\n$`));
  assert.equal(r.stderr.split('\n').length, 2, 'one line, no stack trace');
});

test('the report command writes the file and exits 0', () => {
  const out = path.join(dir, 'out', 'clean.html');
  const r = spawnSync(process.execPath, [CLI, 'report', fixturePath('clean'), '--before', fixturePath('offload-leak-blackhole'), '-o', out], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^wrote .*out\/clean\.html \(\d+ bytes, 0 findings\)\n$/);
});

test('host facts come from doctor --json; anything else is refused naming the file and field', async () => {
  const good = write('doctor.json', JSON.stringify({ risks: [], host: { kernel: '6.1.0', interfaces: [{ name: 'eth1', offloads: { 'tx-checksumming': true } }] } }));
  assert.deepEqual(await readHostFactsFile(good), { kernel: '6.1.0', interfaces: [{ name: 'eth1', offloads: { 'tx-checksumming': true } }] });
  const noHost = write('nohost.json', JSON.stringify({ risks: [] }));
  await assert.rejects(readHostFactsFile(noHost), /nohost\.json: not a doctor --json output/);
  const badIfaces = write('badhost.json', JSON.stringify({ host: { interfaces: 'eth1' } }));
  await assert.rejects(readHostFactsFile(badIfaces), /badhost\.json: malformed host facts: host\.interfaces: expected an array/);
});

test('the report command shows host facts given with --host', () => {
  const doctor = write('doctor-facts.json', JSON.stringify({ host: { hostname: 'hostB-<b>', kernel: '6.1.0-28-amd64' } }));
  const out = path.join(dir, 'out', 'with-host.html');
  const r = spawnSync(process.execPath, [CLI, 'report', fixturePath('clean'), '--host', doctor, '-o', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const page = readFileSync(out, 'utf8');
  assert.match(page, /6\.1\.0-28-amd64/);
  assert.match(page, /hostB-&lt;b&gt;/);
});
