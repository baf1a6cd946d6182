// What every run must satisfy, whatever its input (the project's error rules, src/errors.ts):
// exit status 0, 1 or 2; no stack trace and no "internal error"; no hang; peak RSS under 400 MB;
// an exit 2 prints one line per bad input on stderr naming that file (for a single-input command,
// exactly one line), with the byte offset for a capture unless the error is about the whole file;
// an error line without exit 2 is a failure too. Warning lines ("ovsforensics: warning: FILE: …",
// at most one per input) are allowed with any status and held to the same naming rules.
// A failure gets a signature (command, what broke, the message with paths and numbers taken out)
// that stays the same while the minimiser shrinks its input.

import type { CommandKind } from './commands.js';
import { readsCaptures } from './commands.js';
import type { Outcome } from './pool.js';

export const RSS_LIMIT_KB = 400 * 1024;

/** Each way a run can break the rules, as the manifest says it. */
const KINDS = {
  'unhandled-rejection': 'a rejection nobody handled ended the process (stack trace, exit 1)',
  'uncaught-exception': 'an exception nobody caught ended the process (stack trace, exit 1)',
  hang: 'no exit within the time limit',
  rss: 'peak RSS over 400 MB',
  died: 'the process died',
  'exit-status': 'an exit status other than 0, 1 or 2',
  'internal-error': 'an internal error instead of an input error',
  'stack-trace': 'a stack trace in the output',
  'stderr-without-exit-2': 'an error line on stderr without exit 2',
  'exit-2-silent': 'exit 2 with nothing on stderr',
  'stderr-lines': 'the error took more than one stderr line',
  'error-names-no-input': 'an error or warning line that does not start with the input file',
  'input-named-twice': 'two error or warning lines for one input',
  'no-byte-offset': 'a capture error without its byte offset',
} as const;
export type FailureKind = keyof typeof KINDS;

/** The manifest's "what was wrong": the rule broken and what was seen, without the scratch directory. */
export function describeFailure(f: Failure): string {
  return `${KINDS[f.kind]}: ${f.detail.replace(/\/\S*\/(?=[^/\s]+:)/g, '')}`.slice(0, 300);
}

export interface Failure {
  /** command:kind[:normalised message], e.g. analyze:internal-error:invalid time value. */
  signature: string;
  kind: FailureKind;
  /** What was seen, for the manifest: the message or line at fault. */
  detail: string;
}

/**
 * Errors about a capture as a whole, which rightly name no byte offset: it cannot be opened (src/pcap/chunk-source.ts),
 * or the interface a point asks for is not in it (src/analyze/correlate/match/points.ts). Every error met while reading
 * records names where.
 */
const WHOLE_FILE = /: (no such file|is a directory|cannot open \(|no interface ")/;
const STACK_LINE = /^\s+at \S/m;
const ERROR = 'ovsforensics: ';
const WARNING = 'ovsforensics: warning: ';

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The message without input paths, byte offsets and numbers, lower case, bounded. */
function normalise(message: string, inputs: string[]): string {
  let m = message;
  for (const p of inputs) m = m.replace(new RegExp(escapeRegExp(p), 'g'), 'FILE');
  m = m.replace(/^ovsforensics: /, '').replace(/^(internal error: )?FILE: /, '$1').replace(/byte offset \d+: /, '').replace(/(0x)?[0-9a-f]*\d[0-9a-f]*/gi, 'N');
  return m.toLowerCase().trim().slice(0, 80);
}

/** The start of an error line (up to its first colon, quote or parenthesis): the kind of error, without the details that vary. */
const head = (line: string, inputs: string[]): string => normalise(line, inputs).split(/[:"(]/)[0]!.trim();

const lines = (s: string): string[] => s.split('\n').filter((l) => l.trim() !== '');

export function checkOutcome(o: Outcome, command: CommandKind, inputs: string[]): Failure | undefined {
  /** The first of these lines that names no input, names one twice, or lacks a capture's byte offset. */
  const badLines = (found: string[], prefix: string): { kind: FailureKind; line: string } | undefined => {
    const named = new Set<string>();
    for (const line of found) {
      const file = inputs.find((p) => line.startsWith(`${prefix}${p}: `));
      if (file === undefined) return { kind: 'error-names-no-input', line };
      if (named.has(file)) return { kind: 'input-named-twice', line };
      named.add(file);
      if (readsCaptures(command) && !/: byte offset \d+: /.test(line) && !WHOLE_FILE.test(line)) return { kind: 'no-byte-offset', line };
    }
    return undefined;
  };
  const fail = (kind: FailureKind, detail: string, message?: string): Failure => ({ signature: `${command}:${kind}${message === undefined ? '' : `:${normalise(message, inputs)}`}`, kind, detail });
  if (o.crash) return fail(o.crash.kind, o.crash.message, o.crash.message);
  if (o.hang) return fail('hang', 'no exit within the time limit');
  if (o.rssKb > RSS_LIMIT_KB) return fail('rss', `peak RSS ${Math.round(o.rssKb / 1024)} MB`);
  if (o.died) return fail('died', o.died);
  if (o.status !== 0 && o.status !== 1 && o.status !== 2) return fail('exit-status', `exit status ${o.status}`);
  const both = `${o.stderr}\n${o.stdout}`;
  const internal = /internal error: (.*)/.exec(both);
  if (internal) return fail('internal-error', internal[0], internal[1]!);
  const stack = STACK_LINE.exec(both);
  if (stack) return fail('stack-trace', stack[0].trim());
  const all = lines(o.stderr);
  // Warnings (a record read on past the snap length, once per file) have the error lines' form after their prefix.
  const warnings = all.filter((l) => l.startsWith(WARNING));
  const errors = all.filter((l) => !l.startsWith(WARNING));
  const bad = badLines(warnings, WARNING) ?? (o.status === 2 ? undefined : errors.length > 0 ? { kind: 'stderr-without-exit-2' as const, line: errors[0]! } : undefined);
  if (bad !== undefined) return fail(bad.kind, bad.line, head(bad.line, inputs));
  if (o.status !== 2) return undefined;
  if (errors.length === 0) return fail('exit-2-silent', 'exit 2 with nothing on stderr');
  if (inputs.length === 1 && errors.length > 1) return fail('stderr-lines', `${errors.length} lines: ${errors.slice(0, 3).join(' / ')}`, head(errors[0]!, inputs));
  const badError = badLines(errors, ERROR);
  if (badError !== undefined) return fail(badError.kind, badError.line, head(badError.line, inputs));
  return undefined;
}
