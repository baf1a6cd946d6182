// Reads an `analyze --json` file back and checks it against the analysis contract
// (docs/schema/analysis.schema.json), so a report is never rendered from something else: a wrong
// file fails with one line naming the file and the JSON path at fault. Words of a closed vocabulary
// must be one of its words; free text is clipped before any renderer sees it.

import { readFileSync } from 'node:fs';
import { ANALYSIS_SCHEMA } from '../analyze/types.js';
import type { Analysis } from '../analyze/types.js';
import { InputError } from '../errors.js';
import { clip } from './format.js';
import { contractValidator, contractViolation } from './json-schema.js';
import type { HostFacts } from './report-types.js';

/** Free text longer than any the analyzer writes (remedies stay under 1,000 characters) is cut with a visible mark. */
const TEXT_MAX = 2000;
/** A fact (an address, an interface) repeats in every command of its advice: kept shorter still. */
const FACT_MAX = 200;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every string and key clipped, in place: a 10 MB field would otherwise be copied into the page several times. */
function clipTexts(v: unknown): unknown {
  if (typeof v === 'string') return clip(v, TEXT_MAX);
  if (Array.isArray(v)) v.forEach((x, i) => (v[i] = clipTexts(x)));
  else if (isObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      const key = clip(k, TEXT_MAX);
      const kept = clipTexts(x);
      if (key === k && kept === x) continue;
      if (key !== k) delete v[k];
      // Defined, not assigned: a "__proto__" key from JSON.parse is an own field, not the prototype.
      Object.defineProperty(v, key, { value: kept, writable: true, enumerable: true, configurable: true });
    }
  }
  return v;
}

/** Checks a parsed value is an analysis; throws InputError naming `file` and the first bad field. */
export function checkAnalysis(value: unknown, file: string): Analysis {
  if (!isObject(value)) throw new InputError(file, undefined, 'not an ovsforensics analysis (expected a JSON object)');
  if (value.schema !== ANALYSIS_SCHEMA) {
    const found = typeof value.schema === 'string' ? `schema "${value.schema.slice(0, 80)}"` : 'no schema field';
    throw new InputError(file, undefined, `not an ovsforensics analysis: ${found}, expected "${ANALYSIS_SCHEMA}"`);
  }
  const wrong = contractViolation('analysis', value, 'analysis');
  if (wrong !== undefined) throw new InputError(file, undefined, `malformed analysis: ${wrong}`);
  const analysis = value as unknown as Analysis;
  // The hex view shows at most LIMITS.hexBytes of it and counts the rest: not clipped here.
  const hex = analysis.corrupt.map((c) => c.hex);
  clipTexts(analysis);
  analysis.corrupt.forEach((c, i) => (c.hex = hex[i]!));
  for (const f of analysis.findings) for (const [k, v] of Object.entries(f.advice?.facts ?? {})) f.advice!.facts[k] = clip(v, FACT_MAX);
  return analysis;
}

/** The host facts of a `doctor --json` file (its `host` field), for the report's inputs section. */
export async function readHostFactsFile(file: string): Promise<HostFacts> {
  const value = readJsonFile(file);
  if (!isObject(value) || !isObject(value.host)) throw new InputError(file, undefined, 'not a doctor --json output (no "host" object)');
  const wrong = contractViolation('doctor#/$defs/hostFacts', value.host, 'host');
  if (wrong !== undefined) throw new InputError(file, undefined, `malformed host facts: ${wrong}`);
  return clipTexts(value.host) as HostFacts;
}

export async function readAnalysisFile(file: string): Promise<Analysis> {
  // Compiled before the file is read, so a big file's text and the compiler's garbage do not peak together.
  contractValidator('analysis');
  return checkAnalysis(readJsonFile(file), file);
}

function readJsonFile(file: string): unknown {
  let text: string;
  try {
    // At once: fs/promises reads in chunks and joins them, 10 MB more at the peak for a 10 MB file.
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new InputError(file, undefined, `cannot read: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(file, undefined, `not JSON: ${(e as Error).message}`);
  }
}
