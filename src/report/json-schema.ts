// The JSON contracts of every `--json` output, as the JSON Schema files of docs/schema/ (see
// docs/design.md, JSON contracts), compiled once: the report's reader checks what it reads with
// them and the tests check every output. A violation reads as one line naming the JSON path.

import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { EnvironmentError } from '../errors.js';
import { clip } from './format.js';

/** One schema file per `--json` output, docs/schema/NAME.schema.json. */
export const CONTRACTS = ['analysis', 'correlation', 'doctor', 'doctor-cleanup', 'fix', 'investigation', 'lab-status', 'lab-traffic'] as const;
export type Contract = (typeof CONTRACTS)[number];

/** This module runs as dist/src/report/json-schema.js; the package ships docs/schema/ beside dist/. */
const SCHEMA_DIR = new URL('../../../docs/schema/', import.meta.url);
const ID_PREFIX = 'urn:ovsforensics:schema:';

let compiled: Ajv2020 | undefined;

function schemas(): Ajv2020 {
  if (compiled !== undefined) return compiled;
  // verbose: errors carry the schema that failed (the pattern's description). The files are checked
  // against the meta-schema by the tests, not here: that costs the report 8 MB of memory.
  const ajv = new Ajv2020({ verbose: true, strict: true, allowUnionTypes: true, validateSchema: false });
  for (const name of ['common', ...CONTRACTS]) {
    const file = new URL(`${name}.schema.json`, SCHEMA_DIR);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new EnvironmentError(`the JSON schema ${file.pathname} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): the installation is incomplete`);
    }
    ajv.addSchema(JSON.parse(text) as object);
  }
  compiled = ajv;
  return ajv;
}

/** A contract, or a part of one such as "doctor#/$defs/hostFacts". */
export function contractValidator(ref: Contract | `${Contract}#${string}`): ValidateFunction {
  const validate = schemas().getSchema(`${ID_PREFIX}${ref}`);
  if (validate === undefined) throw new Error(`no JSON schema ${ref} in ${SCHEMA_DIR.pathname}`);
  return validate;
}

/** Where `value` first breaks the contract, as "root.findings[0].kind: expected one of …"; undefined when it keeps it. */
export function contractViolation(ref: Contract | `${Contract}#${string}`, value: unknown, root: string): string | undefined {
  const validate = contractValidator(ref);
  return validate(value) ? undefined : describe(validate.errors![0]!, value, root);
}

const ONE_TYPE: Record<string, string> = { object: 'an object', array: 'an array', string: 'a string', number: 'a number', integer: 'a whole number', boolean: 'true or false', null: 'null' };

/** "an object"; for a union, "a string, number or boolean", "an object or null". */
function typeWords(type: string | string[]): string {
  const [first, ...rest] = Array.isArray(type) ? type : type.split(',');
  const head = ONE_TYPE[first!] ?? first!;
  if (rest.length === 0) return head;
  return `${[head, ...rest.slice(0, -1)].join(', ')} or ${rest.at(-1)}`;
}

/** The path as the reader's messages write it: `.name` for fields, `[i]` for array items. */
function pathOf(pointer: string, value: unknown, root: string): { at: string; data: unknown } {
  let at = root;
  let data = value;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    at += Array.isArray(data) ? `[${key}]` : `.${clip(key, 40)}`;
    data = (data as Record<string, unknown> | undefined)?.[key];
  }
  return { at, data };
}

const found = (v: unknown): string => (typeof v === 'string' ? ` (found "${clip(v, 40)}")` : typeof v === 'number' ? ` (found ${v})` : '');

function describe(e: ErrorObject, value: unknown, root: string): string {
  const { at, data } = pathOf(e.instancePath, value, root);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `${at}.${clip(String(p.missingProperty), 40)}: expected a value (missing)`;
    case 'additionalProperties':
      return `${at}.${clip(String(p.additionalProperty), 40)}: expected no such field`;
    case 'unevaluatedProperties':
      return `${at}.${clip(String(p.unevaluatedProperty), 40)}: expected no such field`;
    case 'type':
      return `${at}: expected ${typeWords(p.type as string | string[])}${found(data)}`;
    case 'enum':
      return `${at}: expected one of ${(p.allowedValues as unknown[]).join(', ')}${found(data)}`;
    case 'const':
      return `${at}: expected ${JSON.stringify(p.allowedValue)}${found(data)}`;
    case 'pattern':
      return `${at}: expected ${(e.parentSchema as { description?: string } | undefined)?.description ?? `text matching ${String(p.pattern)}`}${found(data)}`;
    case 'minimum':
      return `${at}: expected at least ${String(p.limit)}${found(data)}`;
    case 'maximum':
      return `${at}: expected at most ${String(p.limit)}${found(data)}`;
    default:
      return `${at}: ${e.message ?? `fails ${e.keyword}`}`;
  }
}
