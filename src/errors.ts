// The closed set of failures the CLI knows; src/program.ts maps each to an exit status and one line.
// Messages carry file, interface and command names as found: they are made printable here, once,
// for every place that prints them.

import { printable } from './report/printable.js';

/** Wrong flags or arguments: the user can fix the command line. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(message: string) {
    super(printable(message));
  }
}

/** "file: byte offset N: reason" (or "file: reason"), printable: how every message about an input reads. */
export function inputMessage(file: string, offset: number | undefined, reason: string): string {
  return printable(offset === undefined ? `${file}: ${reason}` : `${file}: byte offset ${offset}: ${reason}`);
}

/** A capture or analysis file that cannot be read past some point. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly file: string,
    readonly offset: number | undefined,
    readonly reason: string,
  ) {
    super(inputMessage(file, offset, reason));
  }
}

/** The host lacks something (root, a package, a daemon) or an external command failed. */
export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(printable(message));
  }
}

export type KnownError = UsageError | InputError | EnvironmentError;

export function isKnownError(e: unknown): e is KnownError {
  return e instanceof UsageError || e instanceof InputError || e instanceof EnvironmentError;
}
