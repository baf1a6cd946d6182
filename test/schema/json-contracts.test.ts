// Every `--json` output the tests can make without root, checked against its JSON Schema in
// docs/schema/ (docs/design.md, JSON contracts): analyze on every sample capture, correlate on those
// with several points, the report's reader round trip, doctor and fix results built from recorded
// command outputs, lab status and traffic through their renderers; and schemas that refuse what
// the code never writes.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { FINDING_KINDS, SEVERITIES } from '../../src/analyze/types.js';
import { CHECKSUM_LAYERS, VERDICTS } from '../../src/checksum/types.js';
import { TUNNEL_KINDS } from '../../src/decode/types.js';
import { CAPTURE_FORMATS, DIRECTIONS } from '../../src/pcap/types.js';
import { ADVICE_IDS } from '../../src/remedy/advice/types.js';
import { ELEMENT_KINDS, HOP_STATES } from '../../src/investigate/types.js';
import { renderInvestigationJson } from '../../src/report/investigation-json.js';
import { recordedInvestigation } from '../investigate/fixtures.js';
import { recommend } from '../../src/remedy/recommend.js';
import type { FixResult } from '../../src/remedy/fix-result.js';
import type { LabStatus, TrafficResult } from '../../src/lab/index.js';
import { FIX_SCHEMA, type FixOutcome, type VerifyResult } from '../../src/remedy/index.js';
import { hostFactsFromDoctor } from '../../src/report/host-facts.js';
import { CONTRACTS, contractViolation } from '../../src/report/json-schema.js';
import { renderLabStatusJson, renderLabTrafficJson } from '../../src/report/lab-json.js';
import { readAnalysisFile } from '../../src/report/read-analysis.js';
import { renderRemedyJson } from '../../src/report/remedy-json.js';
import { doctorFacts } from '../doctor/recorded.js';
import { fixturePath, FIXTURES } from '../report/fixtures.js';
import { readAll, ROOT, runCli } from '../support.js';
import { assertMatchesSchema } from './validate.js';

const SCHEMA_DIR = join(ROOT, 'docs', 'schema');
const CAPTURES = readdirSync(join(ROOT, 'captures')).filter((f) => /\.pcap(ng)?(\.gz)?$/.test(f));

describe('the schema files', () => {
  it("name the code's closed vocabularies word for word", () => {
    const defs = (JSON.parse(readFileSync(join(SCHEMA_DIR, 'common.schema.json'), 'utf8')) as { $defs: Record<string, { enum?: string[] }> }).$defs;
    const vocabularies: [string, readonly string[]][] = [
      ['verdict', VERDICTS],
      ['checksumLayer', CHECKSUM_LAYERS],
      ['direction', DIRECTIONS],
      ['captureFormat', CAPTURE_FORMATS],
      ['tunnelKind', TUNNEL_KINDS],
      ['findingKind', FINDING_KINDS],
      ['severity', SEVERITIES],
      ['adviceId', ADVICE_IDS],
    ];
    for (const [name, words] of vocabularies) assert.deepEqual(defs[name]?.enum, [...words], name);
    const investigation = (JSON.parse(readFileSync(join(SCHEMA_DIR, 'investigation.schema.json'), 'utf8')) as { $defs: Record<string, { enum?: string[]; properties?: Record<string, { enum?: string[] }> }> }).$defs;
    assert.deepEqual(investigation.hopState?.enum, [...HOP_STATES], 'hopState');
    assert.deepEqual(investigation.pathElement?.properties?.kind?.enum, [...ELEMENT_KINDS], 'pathElement.kind');
  });

  it('are JSON Schema 2020-12 that the strict compiler takes, one per contract plus the shared pieces', () => {
    const files = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.schema.json'));
    assert.deepEqual(files.sort(), [...CONTRACTS, 'common'].map((n) => `${n}.schema.json`).sort());
    // The reader skips the meta-schema check to save memory: it is made here.
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    for (const f of files) ajv.addSchema(JSON.parse(readFileSync(join(SCHEMA_DIR, f), 'utf8')) as object);
    for (const name of CONTRACTS) assert.ok(ajv.getSchema(`urn:ovsforensics:schema:${name}`), name);
  });
});

describe('analyze --json on every sample capture', () => {
  it('finds the sample captures', () => assert.ok(CAPTURES.length >= 8, CAPTURES.join(', ')));
  for (const file of CAPTURES) {
    it(file, () => {
      const r = runCli(['analyze', join('captures', file), '--json', '--no-progress']);
      assert.ok(r.status === 0 || r.status === 1, r.stderr);
      assertMatchesSchema('analysis', JSON.parse(r.stdout));
    });
  }
});

/** The sample captures with several interfaces, each one point: NAME=FILE#IFNAME in file order. */
const MULTI_POINT = (
  await Promise.all(CAPTURES.map(async (file) => ({ file, names: (await readAll(join(ROOT, 'captures', file))).summary.interfaces.map((i) => i.name ?? `if${i.id}`) })))
).filter((c) => c.names.length > 1);

describe('correlate --json on the sample captures with several points', () => {
  it('finds them', () => assert.ok(MULTI_POINT.length >= 3, MULTI_POINT.map((c) => c.file).join(', ')));
  for (const { file, names } of MULTI_POINT) {
    it(`${file}: ${names.join(', ')}`, () => {
      const r = runCli(['correlate', ...names.map((n, i) => `p${i}=captures/${file}#${n}`), '--json']);
      assert.ok(r.status === 0 || r.status === 1, r.stderr);
      const c = JSON.parse(r.stdout) as { points: unknown[] };
      assertMatchesSchema('correlation', c);
      assert.equal(c.points.length, names.length);
    });
  }
});

describe("the report's reader", () => {
  it('takes what analyze --json wrote and gives back an analysis that still keeps the contract', async (t) => {
    // Not support.scratchDir: its after() hook would run during this file's top-level await.
    const dir = mkdtempSync(join(tmpdir(), 'ovsf-schema-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'analysis.json');
    writeFileSync(file, runCli(['analyze', 'captures/underlay-corruption.pcap', '--json']).stdout);
    const read = await readAnalysisFile(file);
    assertMatchesSchema('analysis', read);
    assert.deepEqual(read, JSON.parse(readFileSync(file, 'utf8')));
  });

  it('takes every analysis fixture but the hostile one, which the schema refuses at its finding kind', () => {
    for (const name of FIXTURES) {
      const wrong = contractViolation('analysis', JSON.parse(readFileSync(fixturePath(name), 'utf8')), 'analysis');
      if (name === 'hostile') assert.match(wrong ?? '', /^analysis\.findings\[0\]\.kind: expected one of /);
      else assert.equal(wrong, undefined, name);
    }
  });
});

/** The incident's host: userspace datapath, veth tx offload on (a critical risk and its recommendation). */
function doctorJson(): object {
  const facts = doctorFacts({});
  return JSON.parse(renderRemedyJson({ ...facts, recommendations: recommend({ facts }), host: hostFactsFromDoctor(facts) })) as object;
}

const outcome = (o: Partial<FixOutcome>): FixOutcome => ({
  mode: 'dry-run',
  target: 'pid 4242',
  iface: 'eth1',
  settings: { 'tx-checksumming': false },
  commands: ['nsenter --target 4242 --net ethtool -K eth1 tx off'],
  changes: [{ name: 'tx-checksumming', from: 'on', to: 'off' }],
  snapshot: { path: '/var/lib/ovsforensics/fix/1-eth1.json', status: 'would write' },
  unchanged: false,
  readBy: ['nsenter --target 4242 --net ethtool -k eth1'],
  ...o,
});

const verify: VerifyResult = {
  verified: false,
  reason: '3 of 10 segments still carry an unfinished checksum (offload-leak)',
  seconds: 10,
  capture: '/tmp/ovsforensics-verify-x/eth1.pcap',
  packets: 10,
  segments: { valid: 7, offload: 3, corrupt: 0, unverifiable: 0, absent: 0 },
  findings: [{ kind: 'offload-leak', summary: '3 segments left unfinished' }],
};

function fixJson(o: Partial<FixOutcome>, withVerify = false): Record<string, any> {
  const facts = doctorFacts({});
  const r: FixResult = { schema: FIX_SCHEMA, featuresFrom: 'recommendation for userspace-datapath-tx-offload', recommendations: recommend({ facts }).filter((x) => x.features), outcome: outcome(o) };
  if (withVerify) r.verify = verify;
  return JSON.parse(renderRemedyJson(r)) as Record<string, any>;
}

const FIX_VARIANTS: [string, Record<string, any>][] = [
  ['dry run', fixJson({})],
  ['--apply', fixJson({ mode: 'apply', snapshot: { path: '/x.json', status: 'written', takenAt: '2026-01-01T00:00:00.000Z' } })],
  ['--apply, nothing to change', fixJson({ mode: 'apply', commands: [], changes: [], unchanged: true, snapshot: { path: '/x.json', status: 'none' } })],
  ['--apply --verify', fixJson({ mode: 'apply', snapshot: { path: '/x.json', status: 'kept', takenAt: '2026-01-01T00:00:00.000Z' } }, true)],
  ['--revert', fixJson({ mode: 'revert', settings: {}, snapshot: { path: '/x.json', status: 'restored and removed', takenAt: '2026-01-01T00:00:00.000Z' } })],
];

const status: LabStatus = {
  overlay: { kind: 'ovs', underlay: 'ipv4', port: 4789 },
  hosts: [
    {
      name: 'hostA',
      netns: 'ovsf-hostA',
      underlay: 'eth0',
      ip: '172.16.2.114',
      ovsdb: 'unix:/run/ovsforensics-lab/hostA/db.sock',
      bridges: ['br-int'],
      ssh: { alias: 'hostA', target: 'ssh://root@198.18.0.2', config: '/run/ovsforensics-lab/ssh/config' },
    },
  ],
  containers: [{ name: 'test_mac', host: 'hostA', runtime: 'netns', pid: 4242, netns: 'ovsf-test_mac', iface: 'eth1', ip: '10.10.0.1', ovsPort: 'veth-test_mac' }],
  injectors: [{ kind: 'corrupt', host: 'hostA', rate: 0.5, counter: 12 }],
};

const traffic: TrafficResult = {
  from: 'test_mac',
  to: 'test_mac_2',
  bytes: 1_000_000,
  delivered: 1_000_000,
  intact: true,
  seconds: 0.5,
  throughputMBps: 2,
  connected: true,
  pattern: 'random',
  sentSha256: 'a'.repeat(64),
  receivedSha256: 'a'.repeat(64),
};

describe('doctor, fix and lab outputs', () => {
  it('doctor --json of the incident host', () => assertMatchesSchema('doctor', doctorJson()));
  it('doctor --cleanup --json', () => assertMatchesSchema('doctor-cleanup', JSON.parse(renderRemedyJson({ db: 'unix:/run/openvswitch/db.sock', removed: ['ovsf-m-1'], live: [] }))));
  for (const [what, json] of FIX_VARIANTS) it(`fix --json, ${what}`, () => assertMatchesSchema('fix', json));
  it('lab status --json, up and down', () => {
    assertMatchesSchema('lab-status', JSON.parse(renderLabStatusJson(status)));
    assertMatchesSchema('lab-status', JSON.parse(renderLabStatusJson({ hosts: [], containers: [], injectors: [] })));
  });
  it('lab traffic --json', () => assertMatchesSchema('lab-traffic', JSON.parse(renderLabTrafficJson(traffic))));
  for (const name of ['incident-fix', 'corrupt', 'healthy-vxlan'] as const) {
    it(`investigate --json recorded on the lab: ${name}`, () => assertMatchesSchema('investigation', JSON.parse(renderInvestigationJson(recordedInvestigation(name)))));
  }
});

describe('what the code never writes is refused, naming the path', () => {
  const analysis = (): Record<string, any> => JSON.parse(readFileSync(fixturePath('offload-leak-blackhole'), 'utf8')) as Record<string, any>;
  const cases: [string, () => [Parameters<typeof contractViolation>[0], unknown], RegExp][] = [
    ['a verdict outside the vocabulary', () => { const a = analysis(); a.findings[0].examples[0].verdict = 'fine'; return ['analysis', a]; }, /^analysis\.findings\[0\]\.examples\[0\]\.verdict: expected one of valid, offload, corrupt, unverifiable, absent \(found "fine"\)$/],
    ['a finding kind outside the vocabulary', () => { const a = analysis(); a.findings[0].kind = 'weird'; return ['analysis', a]; }, /^analysis\.findings\[0\]\.kind: expected one of offload-leak, /],
    ['a severity outside the vocabulary', () => { const a = analysis(); a.findings[0].severity = 'urgent'; return ['analysis', a]; }, /^analysis\.findings\[0\]\.severity: expected one of critical, high, medium, low, info/],
    ['a field a finding does not have', () => { const a = analysis(); a.findings[0].colour = 'red'; return ['analysis', a]; }, /^analysis\.findings\[0\]\.colour: expected no such field$/],
    ['a missing count', () => { const a = analysis(); delete a.segments.absent; return ['analysis', a]; }, /^analysis\.segments\.absent: expected a value \(missing\)$/],
    ['a checksum past 16 bits', () => { const a = analysis(); a.findings[0].examples[0].stored = 65536; return ['analysis', a]; }, /stored: expected at most 65535/],
    ['a hop direction outside the vocabulary', () => { const c = JSON.parse(runCli(['correlate', 'a=captures/checksum-blind-path.pcapng#ctrA-eth1', 'b=captures/checksum-blind-path.pcapng#hostB-eth0', '--json']).stdout); c.hops[0].direction = 'sideways'; return ['correlation', c]; }, /^correlation\.hops\[0\]\.direction: expected one of forward, reverse/],
    ['a risk severity doctor does not use', () => { const d = doctorJson() as Record<string, any>; d.risks[0].severity = 'info'; return ['doctor', d]; }, /^doctor\.risks\[0\]\.severity: expected one of critical, high, medium, low \(found "info"\)$/],
    ['a revert that kept its snapshot', () => { const f = fixJson({ mode: 'revert', settings: {}, snapshot: { path: '/x.json', status: 'kept', takenAt: '2026-01-01T00:00:00.000Z' } }); return ['fix', f]; }, /^fix\.outcome\.snapshot\.status: expected "restored and removed"/],
    ['an injector the lab does not have', () => { const s = JSON.parse(renderLabStatusJson(status)); s.injectors[0].kind = 'drop'; return ['lab-status', s]; }, /^lab-status\.injectors\[0\]\.kind: expected one of corrupt, blind, outer-csum/],
    ['a hop state investigate does not use', () => { const r = recordedInvestigation('corrupt') as unknown as Record<string, any>; r.path[0].state = 'lost'; return ['investigation', r]; }, /^investigation\.path\[0\]\.state: expected one of clean, damaged, dropped, not-captured/],
    ['a traffic result with more than the contract', () => { const t = JSON.parse(renderLabTrafficJson(traffic)); t.sentSha256 = 'x'; return ['lab-traffic', t]; }, /^lab-traffic\.sentSha256: expected no such field$/],
  ];
  for (const [what, make, message] of cases) {
    it(what, () => {
      const [name, value] = make();
      assert.match(contractViolation(name, value, name) ?? 'kept the contract', message);
    });
  }
});
