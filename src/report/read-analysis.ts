// Reads an `analyze --json` file back and checks its shape, so a report is never rendered from
// something else: a wrong file fails with one line naming the file and the field at fault. Words of
// a closed vocabulary must be one of its words; free text is clipped before any renderer sees it.

import { readFile } from 'node:fs/promises';
import { CHECKSUM_LAYERS, VERDICTS } from '../checksum/types.js';
import { ANALYSIS_SCHEMA, FINDING_KINDS, SEVERITIES } from '../analyze/types.js';
import type { Analysis } from '../analyze/types.js';
import { TUNNEL_KINDS } from '../decode/types.js';
import { InputError } from '../errors.js';
import { CAPTURE_FORMATS, DIRECTIONS } from '../pcap/types.js';
import { ADVICE_IDS } from '../remedy/advice/types.js';
import { clip } from './format.js';
import type { HostFacts } from './report-types.js';

/** Checks a value and returns what to keep of it: the value, or its text clipped. */
type Check = (v: unknown, at: string) => unknown;

class ShapeError extends Error {}

/** Free text longer than any the analyzer writes (remedies stay under 1,000 characters) is cut with a visible mark. */
const TEXT_MAX = 2000;

const fail = (at: string, what: string): never => {
  throw new ShapeError(`${at}: expected ${what}`);
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Free text: names, paths, summaries. A 10 MB field would otherwise be copied into the page several times. */
const str: Check = (v, at) => (typeof v === 'string' ? clip(v, TEXT_MAX) : fail(at, 'a string'));
/** A fact filled into advice commands (an address, an interface): each repeats in many commands, so it is kept short. */
const fact: Check = (v, at) => (typeof v === 'string' ? clip(v, 200) : fail(at, 'a string'));
const num: Check = (v, at) => ((typeof v === 'number' && Number.isFinite(v)) || fail(at, 'a number'), v);
const bool: Check = (v, at) => (typeof v === 'boolean' || fail(at, 'true or false'), v);
const scalar: Check = (v, at) => (typeof v === 'string' ? clip(v, TEXT_MAX) : ['number', 'boolean'].includes(typeof v) ? v : fail(at, 'a string, number or boolean'));

/** A word of a closed vocabulary (verdicts, layers, directions…): anything else is refused, never shown. */
const oneOf =
  (words: readonly string[]): Check =>
  (v, at) =>
    typeof v === 'string' && words.includes(v) ? v : fail(at, `one of ${words.join(', ')}${typeof v === 'string' ? ` (found "${clip(v, 40)}")` : ''}`);

/** TCP flags: tcpdump's letters as flagString writes them ("S.", "none"), or names such as "PSH|ACK". */
const TCP_FLAGS = /^[A-Za-z.|]{1,32}$/;
const tcpFlags: Check = (v, at) => (typeof v === 'string' && TCP_FLAGS.test(v) ? v : fail(at, `TCP flags such as "S." or "PSH|ACK"${typeof v === 'string' ? ` (found "${clip(v, 40)}")` : ''}`));

const arrayOf =
  (item: Check): Check =>
  (v, at) => {
    if (!Array.isArray(v)) fail(at, 'an array');
    const a = v as unknown[];
    a.forEach((x, i) => (a[i] = item(x, `${at}[${i}]`)));
    return a;
  };

/** An object of any keys (evidence, reasons): keys are text from the file too, clipped alike. */
const recordOf =
  (value: Check): Check =>
  (v, at) => {
    if (!isObject(v)) fail(at, 'an object');
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[clip(k, TEXT_MAX)] = value(x, `${at}.${clip(k, 40)}`);
    return out;
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
      o[key] = check(o[key], `${at}.${key}`);
    }
    return o;
  };

const counts = shape(Object.fromEntries(VERDICTS.map((v) => [v, num])));

const frameRef = {
  input: num,
  frame: num,
  time: num,
  flow: str,
  layer: oneOf(CHECKSUM_LAYERS),
  depth: num,
  verdict: oneOf(VERDICTS),
  stored: num,
  'expected?': num,
  direction: oneOf(DIRECTIONS),
  'seq?': num,
  'flags?': tcpFlags,
};

const analysisShape = shape({
  generatedAt: str,
  inputs: arrayOf(
    shape({
      path: str,
      format: oneOf(CAPTURE_FORMATS),
      'gzip?': bool,
      packets: num,
      bytes: num,
      'error?': str,
      'warning?': str,
      'interfaces?': arrayOf(shape({ id: num, 'name?': str, linkType: num })),
    }),
  ),
  packets: num,
  segments: counts,
  findings: arrayOf(
    shape({
      kind: oneOf(FINDING_KINDS),
      severity: oneOf(SEVERITIES),
      summary: str,
      count: num,
      flows: arrayOf(str),
      'remedy?': str,
      'advice?': shape({ id: oneOf(ADVICE_IDS), facts: recordOf(fact) }),
      evidence: recordOf(scalar),
      examples: arrayOf(shape(frameRef)),
      'counters?': arrayOf(shape({ netns: str, point: str, receiver: bool, counters: recordOf(num), seconds: num })),
    }),
  ),
  flows: arrayOf(
    shape({
      id: str,
      protocol: oneOf(['tcp', 'udp']),
      src: str,
      srcPort: num,
      dst: str,
      dstPort: num,
      'tunnel?': shape({ kind: oneOf(TUNNEL_KINDS), 'vni?': num, outerSrc: str, outerDst: str }),
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
    shape({ name: str, input: num, 'interfaceId?': num, 'direction?': oneOf(DIRECTIONS), packets: num, segments: counts }),
  ),
  layers: arrayOf(shape({ layer: oneOf(CHECKSUM_LAYERS), depth: num, counts })),
  // The hex view shows at most LIMITS.hexBytes of it and counts the rest: not clipped here.
  corrupt: arrayOf(shape({ ...frameRef, hex: (v, at) => (typeof v === 'string' ? v : fail(at, 'a string')), hexOffset: num })),
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
