// `report` input checking: wrong files fail with an InputError naming the file, and the CLI maps
// that to exit status 2 with one line on stderr; closed-vocabulary fields are checked, free text
// clipped, so a 10 MB field makes neither a big page nor a big process.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { InputError } from '../../src/errors.js';
import { checkAnalysis, readAnalysisFile, readHostFactsFile } from '../../src/report/read-analysis.js';
import { runCliPeakRss } from '../support.js';
import { fixturePath, FIXTURES, loadFixture } from './fixtures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ovsf-report-'));
const write = (name: string, text: string): string => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};
const CLI = new URL('../../src/cli.js', import.meta.url).pathname;

test('every fixture is a valid analysis but the hostile one, refused for markup in a closed-vocabulary field', async () => {
  for (const name of FIXTURES.filter((f) => f !== 'hostile')) assert.equal((await readAnalysisFile(fixturePath(name))).schema, 'ovsforensics.analysis/1');
  // The renderer tests still feed it to the renderer directly: what escaping must cope with if such data got there.
  await assert.rejects(readAnalysisFile(fixturePath('hostile')), /malformed analysis: analysis\.findings\[0\]\.kind: expected one of offload-leak, corruption, [a-z, -]+ \(found "blackhole<script>/);
});

test('closed-vocabulary fields take only their words; free text is clipped with a visible mark', () => {
  const words: [string, (a: Record<string, any>) => void, RegExp][] = [
    ['direction', (a) => (a.findings[0].examples[0].direction = 'sideways'), /examples\[0\]\.direction: expected one of inbound, outbound, unknown \(found "sideways"\)/],
    ['flags', (a) => (a.findings[0].examples[0].flags = '<b>'), /examples\[0\]\.flags: expected TCP flags/],
    ['layer', (a) => (a.layers[0].layer = 'sctp'), /layers\[0\]\.layer: expected one of ipv4, tcp, udp/],
    ['verdict', (a) => (a.findings[0].examples[0].verdict = 'fine'), /verdict: expected one of valid, offload, corrupt, unverifiable, absent/],
    ['severity', (a) => (a.findings[0].severity = 'meh'), /severity: expected one of critical, high, medium, low/],
    ['format', (a) => (a.inputs[0].format = 'erf'), /inputs\[0\]\.format: expected one of pcap, pcap-ns, pcapng/],
    ['protocol', (a) => (a.flows[0].protocol = 'sctp'), /flows\[0\]\.protocol: expected one of tcp, udp/],
    ['tunnel kind', (a) => (a.flows[0].tunnel = { kind: 'mpls', outerSrc: 'a', outerDst: 'b' }), /flows\[0\]\.tunnel\.kind: expected one of vxlan, geneve, gre, nvgre, ipip/],
  ];
  for (const [what, spoil, message] of words) {
    const a = loadFixture('offload-leak-blackhole') as unknown as Record<string, any>;
    spoil(a);
    assert.throws(() => checkAnalysis(a, 'x.json'), message, what);
  }
  const a = loadFixture('offload-leak-blackhole');
  const long = 'x'.repeat(100_000);
  a.inputs[0]!.path = long;
  a.findings[0]!.summary = long;
  a.unverifiableReasons = { [long]: 3 };
  const checked = checkAnalysis(a, 'y.json');
  const clipped = `${'x'.repeat(2000)}… (98,000 more characters)`;
  assert.equal(checked.inputs[0]!.path, clipped);
  assert.equal(checked.findings[0]!.summary, clipped);
  assert.deepEqual(checked.unverifiableReasons, { [clipped]: 3 });
});

test('a 10 MB string in a field costs neither a big page nor much memory', () => {
  const big = 'A'.repeat(10_000_000);
  const free = loadFixture('offload-leak-blackhole');
  free.points[0]!.name = big;
  const out = path.join(dir, 'big-text.html');
  const r = runCliPeakRss(['report', write('big-text.json', JSON.stringify(free)), '-o', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(statSync(out).size < 1_000_000, `page of ${statSync(out).size} bytes`);
  if (r.peakKb !== undefined) assert.ok(r.peakKb < 100_000, `peak RSS ${r.peakKb} kB`);
  const word = loadFixture('offload-leak-blackhole');
  word.findings[0]!.examples[0]!.direction = big as 'inbound';
  const refused = runCliPeakRss(['report', write('big-word.json', JSON.stringify(word)), '-o', path.join(dir, 'big-word.html')]);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /^ovsforensics: .*big-word\.json: malformed analysis: .*direction: expected one of inbound, outbound, unknown \(found "A{40}… \(9,999,960 more characters\)"\)\n$/);
  if (refused.peakKb !== undefined) assert.ok(refused.peakKb < 100_000, `peak RSS ${refused.peakKb} kB`);
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

test('a finding\'s advice must name a known cause; its facts are text, kept short', () => {
  const a = loadFixture('offload-leak-blackhole');
  a.findings[0]!.advice = { id: 'veth-tx-offload', facts: { sender: '10.0.0.1', iface: 'x'.repeat(5000) } };
  const read = checkAnalysis(a, 'a.json') as typeof a;
  assert.equal(read.findings[0]!.advice?.facts.sender, '10.0.0.1');
  assert.ok(read.findings[0]!.advice!.facts.iface!.length < 300);
  const unknown = loadFixture('offload-leak-blackhole');
  unknown.findings[0]!.advice = { id: 'rm -rf', facts: {} };
  assert.throws(() => checkAnalysis(unknown, 'b.json'), /b\.json: malformed analysis: analysis\.findings\[0\]\.advice\.id: expected one of veth-tx-offload, /);
  const number = loadFixture('offload-leak-blackhole') as unknown as { findings: { advice: unknown }[] };
  number.findings[0]!.advice = { id: 'veth-tx-offload', facts: { pid: 42 } };
  assert.throws(() => checkAnalysis(number, 'c.json'), /advice\.facts\.pid: expected a string/);
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
