// The closed set of failures the CLI knows; src/program.ts maps each to an exit status and one line.

/** Wrong flags or arguments: the user can fix the command line. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A capture or analysis file that cannot be read past some point. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly file: string,
    readonly offset: number | undefined,
    readonly reason: string,
  ) {
    super(offset === undefined ? `${file}: ${reason}` : `${file}: byte offset ${offset}: ${reason}`);
  }
}

/** The host lacks something (root, a package, a daemon) or an external command failed. */
export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

export type KnownError = UsageError | InputError | EnvironmentError;

export function isKnownError(e: unknown): e is KnownError {
  return e instanceof UsageError || e instanceof InputError || e instanceof EnvironmentError;
}

// C0/C1 controls, line and paragraph separators and bidi controls: each could break or repaint the line.
const UNPRINTABLE = /[\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The text with every control character shown as an escape (\n, \x1b, \u202e), so it stays one visible line. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    const code = c.codePointAt(0)!;
    return NAMED[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}

/** The one stderr line for an error or notice: every message that may echo a user value goes through here. */
export function messageLine(message: string): string {
  return `ovsforensics: ${printable(message)}\n`;
}
