// Numbers on the command line: plain decimal digits only (no sign, hex, exponent, spaces or
// separators), checked against a range before use; a fraction only where the unit makes one meaningful.

import { flagError } from './flag-error.js';

const WHOLE = /^[0-9]+$/;
const DECIMAL = /^[0-9]+(\.[0-9]+)?$/;

/** A day: longer durations are typing mistakes (1M, an extra zero), not plans. */
export const MAX_SECONDS = 86_400;

/** True when value is plain decimal digits for a number from min to max (safe: digits too long to be exact are not). */
export function isWholeNumber(value: string, min: number, max: number): boolean {
  const n = WHOLE.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n >= min && n <= max;
}

/** A whole number from min to max. */
export function wholeNumber(flag: string, value: string, min: number, max: number, expected = `a whole number from ${min} to ${max}`): number {
  if (!isWholeNumber(value, min, max)) throw flagError(flag, value, `expected ${expected}`);
  return Number(value);
}

/** A decimal number (digits, optionally a point and more digits) from min to max. */
export function decimalNumber(flag: string, value: string, min: number, max: number, expected = `a number from ${min} to ${max}`): number {
  const n = DECIMAL.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw flagError(flag, value, `expected ${expected}`);
  return n;
}

/** How many of something: 1 up to 2^53 - 1. */
export function count(flag: string, value: string): number {
  return wholeNumber(flag, value, 1, Number.MAX_SAFE_INTEGER, 'a count: a whole number from 1 to 2^53 - 1');
}

export const MAX_PORT = 65535;

export function port(flag: string, value: string): number {
  return wholeNumber(flag, value, 1, MAX_PORT, `a port, a whole number from 1 to ${MAX_PORT}`);
}

/** Seconds, at most a day; fractions (2.5) unless `whole`. */
export function seconds(flag: string, value: string, options: { whole?: boolean; max?: number } = {}): number {
  const max = options.max ?? MAX_SECONDS;
  if (options.whole) return wholeNumber(flag, value, 1, max, `whole seconds from 1 to ${max}`);
  return decimalNumber(flag, value, 0.001, max, `seconds from 0.001 to ${max}`);
}

/** Megabytes, fractions allowed, from min to max. */
export function megabytes(flag: string, value: string, min: number, max: number): number {
  return decimalNumber(flag, value, min, max, `megabytes from ${min} to ${max}`);
}

const SIZE = /^([0-9]+)([kKmMgG]?)$/;
const SIZE_UNIT: Record<string, number> = { '': 1, k: 1e3, m: 1e6, g: 1e9 };

/** Bytes as a whole number with an optional k, M or G suffix (powers of 1000), from 1 to max. */
export function size(flag: string, value: string, max = Number.MAX_SAFE_INTEGER): number {
  const m = SIZE.exec(value);
  const n = m ? Number(m[1]) * SIZE_UNIT[m[2]!.toLowerCase()]! : NaN;
  if (!(Number.isSafeInteger(n) && n >= 1 && n <= max)) throw flagError(flag, value, `expected bytes: a whole number with an optional k, M or G suffix, from 1 to ${max === Number.MAX_SAFE_INTEGER ? '2^53 - 1' : max}`);
  return n;
}

/** A share in percent; nft samples in hundredths of a percent (src/lab/injectors.ts), so 0.01 is the least. */
export function percent(flag: string, value: string): number {
  return decimalNumber(flag, value, 0.01, 100, 'a percentage from 0.01 to 100');
}

const HEX_BYTE = /^0x[0-9a-fA-F]{1,2}$/;

/** `random`, or one byte value written in decimal (7) or as 0x07: the pattern a transfer repeats; undefined when neither. */
export function parseBytePattern(value: string): 'random' | number | undefined {
  if (value === 'random') return 'random';
  if (HEX_BYTE.test(value)) return Number.parseInt(value.slice(2), 16);
  return isWholeNumber(value, 0, 255) ? Number(value) : undefined;
}

export function bytePattern(flag: string, value: string): 'random' | number {
  const p = parseBytePattern(value);
  if (p === undefined) throw flagError(flag, value, 'expected random, or a byte value from 0 to 255 (decimal, or hex as 0x07)');
  return p;
}
