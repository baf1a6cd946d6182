// Reads an `analyze --json` file back and checks its shape, so a report is never rendered from
// something else: a wrong file fails with one line naming the file and the field at fault.

import { readFile } from 'node:fs/promises';
import { VERDICTS } from '../checksum/types.js';
import { ANALYSIS_SCHEMA } from '../analyze/types.js';
import type { Analysis } from '../analyze/types.js';
import { InputError } from '../errors.js';
import type { HostFacts } from './report-types.js';

type Check = (v: unknown, at: string) => void;

class ShapeError extends Error {}

const fail = (at: string, what: string): never => {
  throw new ShapeError(`${at}: expected ${what}`);
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const str: Check = (v, at) => void (typeof v === 'string' || fail(at, 'a string'));
const num: Check = (v, at) => void ((typeof v === 'number' && Number.isFinite(v)) || fail(at, 'a number'));
const bool: Check = (v, at) => void (typeof v === 'boolean' || fail(at, 'true or false'));
const scalar: Check = (v, at) => void (['string', 'number', 'boolean'].includes(typeof v) || fail(at, 'a string, number or boolean'));

const arrayOf =
  (item: Check): Check =>
  (v, at) => {
    if (!Array.isArray(v)) fail(at, 'an array');
    (v as unknown[]).forEach((x, i) => item(x, `${at}[${i}]`));
  };

const recordOf =
  (value: Check): Check =>
  (v, at) => {
    if (!isObject(v)) fail(at, 'an object');
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) value(x, `${at}.${k}`);
  };

/** Required fields must be present; optional ones ('?' suffix) are checked when present. */
const shape =
  (fields: Record<string, Check>): Check =>
  (v, at) => {
    if (!isObject(v)) fail(at, 'an object');
    const o = v as Record<string, unknown>;
    for (const [name, check] of Object.entries(fields)) {
      const optional = name.endsWith('?');
      const key = optional ? name.slice(0, -1) : name;
      if (o[key] === undefined) {
        if (!optional) fail(`${at}.${key}`, 'a value (missing)');
        continue;
      }
      check(o[key], `${at}.${key}`);
    }
  };

const counts = shape(Object.fromEntries(VERDICTS.map((v) => [v, num])));

const frameRef = {
  input: num,
  frame: num,
  time: num,
  flow: str,
  layer: str,
  depth: num,
  verdict: str,
  stored: num,
  'expected?': num,
  direction: str,
  'seq?': num,
  'flags?': str,
};

const analysisShape = shape({
  generatedAt: str,
  inputs: arrayOf(
    shape({
      path: str,
      format: str,
      'gzip?': bool,
      packets: num,
      bytes: num,
      'error?': str,
      'interfaces?': arrayOf(shape({ id: num, 'name?': str, linkType: num })),
    }),
  ),
  packets: num,
  segments: counts,
  findings: arrayOf(
    shape({
      kind: str,
      severity: str,
      summary: str,
      count: num,
      flows: arrayOf(str),
      'remedy?': str,
      evidence: recordOf(scalar),
      examples: arrayOf(shape(frameRef)),
      'counters?': arrayOf(shape({ netns: str, point: str, receiver: bool, counters: recordOf(num), seconds: num })),
    }),
  ),
  flows: arrayOf(
    shape({
      id: str,
      protocol: str,
      src: str,
      srcPort: num,
      dst: str,
      dstPort: num,
      'tunnel?': shape({ kind: str, 'vni?': num, outerSrc: str, outerDst: str }),
      points: arrayOf(str),
      packets: num,
      bytes: num,
      segments: counts,
      retransmissions: num,
      firstSeen: num,
      lastSeen: num,
    }),
  ),
  flowsOmitted: num,
  timeline: arrayOf(shape({ start: num, seconds: num, segments: counts })),
  points: arrayOf(
    shape({ name: str, input: num, 'interfaceId?': num, 'direction?': str, packets: num, segments: counts }),
  ),
  layers: arrayOf(shape({ layer: str, depth: num, counts })),
  corrupt: arrayOf(shape({ ...frameRef, hex: str, hexOffset: num })),
  corruptOmitted: num,
  invalidPackets: num,
  truncatedPackets: num,
  unverifiableReasons: recordOf(num),
  'receiverCounters?': arrayOf(shape({ point: str, netns: str, iface: str, addresses: arrayOf(str), seconds: num, kernel: recordOf(num), nic: recordOf(num) })),
});

/** Checks a parsed value is an analysis; throws InputError naming `file` and the first bad field. */
export function checkAnalysis(value: unknown, file: string): Analysis {
  if (!isObject(value)) throw new InputError(file, undefined, 'not an ovsforensics analysis (expected a JSON object)');
  if (value.schema !== ANALYSIS_SCHEMA) {
    const found = typeof value.schema === 'string' ? `schema "${value.schema.slice(0, 80)}"` : 'no schema field';
    throw new InputError(file, undefined, `not an ovsforensics analysis: ${found}, expected "${ANALYSIS_SCHEMA}"`);
  }
  try {
    analysisShape(value, 'analysis');
  } catch (e) {
    if (e instanceof ShapeError) throw new InputError(file, undefined, `malformed analysis: ${e.message}`);
    throw e;
  }
  return value as unknown as Analysis;
}

const hostFactsShape = shape({
  'hostname?': str,
  'kernel?': str,
  'ovsVersion?': str,
  'collectedAt?': str,
  'containers?': arrayOf(shape({ name: str, 'pid?': num, 'runtime?': str, 'netns?': str, 'interfaces?': arrayOf(str) })),
  'interfaces?': arrayOf(shape({ name: str, 'netns?': str, 'driver?': str, 'mtu?': num, 'offloads?': recordOf(scalar) })),
  'notes?': arrayOf(str),
});

/** The host facts of a `doctor --json` file (its `host` field), for the report's inputs section. */
export async function readHostFactsFile(file: string): Promise<HostFacts> {
  const value = await readJsonFile(file);
  if (!isObject(value) || !isObject(value.host)) throw new InputError(file, undefined, 'not a doctor --json output (no "host" object)');
  try {
    hostFactsShape(value.host, 'host');
  } catch (e) {
    if (e instanceof ShapeError) throw new InputError(file, undefined, `malformed host facts: ${e.message}`);
    throw e;
  }
  return value.host as HostFacts;
}

export async function readAnalysisFile(file: string): Promise<Analysis> {
  return checkAnalysis(await readJsonFile(file), file);
}

async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
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
