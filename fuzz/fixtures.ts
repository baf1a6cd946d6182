// The kept failures: each minimised input under test/fixtures/fuzz/ as <signature-slug>.<ext>
// (a correlate pair as <slug>.a.<ext> and <slug>.b.<ext>), and the manifest README.md there
// listing each with its command, what was wrong and the seed/case that found it.
// test/fuzz/corpus.test.ts replays them from their names alone.

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_KINDS, commandArgs, inputCount, type CommandKind } from './commands.js';

export const FIXTURE_DIR = join('test', 'fixtures', 'fuzz');
const MANIFEST = 'README.md';

/** A signature as a file name stem: lower case words joined by '-', no dots. */
export function slugOf(signature: string): string {
  return signature
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 90)
    .replace(/-$/, '');
}

/** File names of a failure's inputs: one per input, each with its seed's extension. */
export function fixtureNames(slug: string, exts: string[]): string[] {
  return exts.length === 1 ? [`${slug}${exts[0]}`] : exts.map((ext, i) => `${slug}.${String.fromCharCode(97 + i)}${ext}`);
}

export interface FixtureCase {
  slug: string;
  command: CommandKind;
  /** Input file names in command order. */
  files: string[];
}

/** The fixtures in a directory, grouped by slug, with the command their slug starts with. */
export function listFixtures(dir: string): FixtureCase[] {
  if (!existsSync(dir)) return [];
  const bySlug = new Map<string, string[]>();
  for (const f of readdirSync(dir).sort()) {
    if (f === MANIFEST) continue;
    const slug = f.slice(0, f.indexOf('.'));
    bySlug.set(slug, [...(bySlug.get(slug) ?? []), f]);
  }
  // The longest kind first: analyze-html-… is not an analyze-… fixture.
  const kinds = [...COMMAND_KINDS].sort((a, b) => b.length - a.length);
  return [...bySlug].map(([slug, files]) => {
    const command = kinds.find((k) => slug.startsWith(`${k}-`));
    if (command === undefined || files.length !== inputCount(command)) throw new Error(`${dir}: ${files.join(', ')}: not a fixture of a known command`);
    return { slug, command, files };
  });
}

export interface ManifestRow {
  files: string[];
  command: CommandKind;
  wrong: string;
  foundBy: string;
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function rowText(r: ManifestRow): string {
  const cmd = `ovsforensics ${commandArgs(r.command, r.files, 'OUT.html').join(' ')}`;
  return `| ${r.files.map((f) => `\`${f}\``).join(', ')} | \`${cmd}\` | ${cell(r.wrong)} | ${cell(r.foundBy)} |`;
}

const HEADER = `# Fuzz failures

Inputs \`npm run fuzz\` (fuzz/) found to break the CLI's rules (exit 0, 1 or 2; no stack trace or
internal error; no hang; peak RSS under 400 MB; an exit 2 names the file, and for a capture the
byte offset, on one stderr line), minimised. \`test/fuzz/corpus.test.ts\` replays every file here with
the command its name starts with; a fixture whose bug is fixed stays as a regression test. "What
was wrong" is what the case showed when found, before minimising; "found by" gives the campaign
(\`npm run fuzz -- --seed S --cases N\` with N past the case) and the seeds it mutated.

| file | command | what was wrong | found by |
| --- | --- | --- | --- |
`;

/** Adds rows to the manifest (a row for the same files is replaced), sorted by file name. */
export function writeManifest(dir: string, rows: ManifestRow[]): void {
  const path = join(dir, MANIFEST);
  const old = existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((l) => l.startsWith('| `')) : [];
  const fresh = new Map(rows.map((r) => [`| ${r.files.map((f) => `\`${f}\``).join(', ')} |`, rowText(r)]));
  const kept = old.filter((l) => ![...fresh.keys()].some((k) => l.startsWith(k)));
  writeFileSync(path, HEADER + [...kept, ...fresh.values()].sort().join('\n') + '\n');
}
