// Checks a `--json` output against its contract in docs/schema/ (docs/design.md, JSON contracts):
// one assertion naming the schema file and the first JSON path at fault.

import assert from 'node:assert/strict';
import { contractViolation, type Contract } from '../../src/report/json-schema.js';

export function assertMatchesSchema(name: Contract, value: unknown): void {
  const wrong = contractViolation(name, value, name);
  assert.equal(wrong, undefined, `breaks docs/schema/${name}.schema.json: ${wrong}`);
}

/** The contract a command line's `--json` output keeps: ['lab', 'status'] → lab-status. */
export function contractOf(args: readonly string[]): Contract {
  const [command, sub] = args;
  if (command === 'analyze') return 'analysis';
  if (command === 'correlate') return 'correlation';
  if (command === 'doctor') return args.includes('--cleanup') ? 'doctor-cleanup' : 'doctor';
  if (command === 'fix') return 'fix';
  if (command === 'investigate') return 'investigation';
  if (command === 'lab' && (sub === 'status' || sub === 'traffic')) return `lab-${sub}`;
  throw new Error(`no --json contract for ${args.join(' ')}`);
}

/** assertMatchesSchema for the output of the command line `args`. */
export function assertOutputMatchesSchema(args: readonly string[], value: unknown): void {
  assertMatchesSchema(contractOf(args), value);
}
