// The one shape of a bad command-line value: the flag, the value as given (quoted, so spaces show),
// and what was expected. Control characters in the value are escaped where the line is printed.

import { UsageError } from '../errors.js';

export function flagError(flag: string, value: string, expected: string): UsageError {
  return new UsageError(`${flag} '${value}': ${expected}`);
}
