// `npm run fuzz -- --cases N --seed S [--target analyze|correlate|report|all] [--keep DIR] [--jobs J]`:
// runs a campaign, keeps each new failure (minimised) under test/fixtures/fuzz/, prints a summary;
// exit 1 when any case failed.

import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runCampaign } from './campaign.js';
import { TARGETS, type Target } from './cases.js';
import { FIXTURE_DIR } from './fixtures.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function usage(message: string): never {
  process.stderr.write(`fuzz: ${message}\nusage: npm run fuzz -- --cases N --seed S [--target ${TARGETS.join('|')}] [--keep DIR] [--jobs J] [--minimise-seconds T]\n`);
  process.exit(2);
}

function count(flag: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) usage(`${flag} ${value}: expected an integer of at least ${min}`);
  return n;
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      cases: { type: 'string' },
      seed: { type: 'string' },
      target: { type: 'string' },
      keep: { type: 'string' },
      jobs: { type: 'string' },
      'minimise-seconds': { type: 'string' },
    },
  }));
} catch (e) {
  usage((e as Error).message);
}
const target = (values.target ?? 'all') as Target;
if (!TARGETS.includes(target)) usage(`--target ${values.target}: expected one of ${TARGETS.join(', ')}`);

const result = await runCampaign({
  root: ROOT,
  cases: count('--cases', values.cases, 1000, 1),
  seed: count('--seed', values.seed, 1, 0),
  target,
  jobs: count('--jobs', values.jobs, availableParallelism(), 1),
  ...(values.keep === undefined ? {} : { keep: resolve(values.keep) }),
  fixtures: join(ROOT, FIXTURE_DIR),
  minimiseSeconds: count('--minimise-seconds', values['minimise-seconds'], 30, 0),
  log: (line) => process.stderr.write(`fuzz: ${line}\n`),
});

const out: string[] = [
  `${result.cases} cases in ${(result.wallMs / 1000).toFixed(1)} s (${result.casesPerSecond.toFixed(1)} cases/s), peak child RSS ${(result.maxRssKb / 1024).toFixed(0)} MB`,
  `${result.failingCases} failing cases, ${result.failures.length} signatures`,
];
for (const f of result.failures) {
  const where =
    f.written.length > 0
      ? `new fixture ${f.written.join(', ')} (${f.minimisedBytes!.join(' + ')} bytes)`
      : f.existing !== undefined
        ? `kept before as ${f.existing}`
        : f.minimisedBytes !== undefined
          ? `not kept: minimised to ${f.minimisedBytes.join(' + ')} bytes, too large for the repository`
          : 'not kept';
  out.push(`  ${f.signature}: ${f.count} cases, first case ${f.first.index}; ${where}`);
}
process.stdout.write(`${out.join('\n')}\n`);
process.exitCode = result.failures.length > 0 ? 1 : 0;
