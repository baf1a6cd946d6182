// Number, byte, time and checksum formatting for report text: fixed locale and UTC, so a report
// reads the same wherever it is generated or opened.

/** A count with thousands separators (12,345); without Intl, whose first use costs more than a whole text summary. */
export function fmtInt(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function fmtBytes(n: number): string {
  if (n < 1024) return `${fmtInt(n)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v >= 100 ? 0 : 1)} ${units[u]}`;
}

/** The Date of a time in seconds since the epoch, or undefined past what a Date holds (±8.64e12 s): a capture's clock can say anything. */
function dateOf(seconds: number): Date | undefined {
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Seconds since the epoch → "2024-05-01 12:00:00.123 UTC". */
export function fmtUtc(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'unknown time';
  const d = dateOf(seconds);
  return d === undefined ? `out of range (${seconds} s since 1970)` : `${d.toISOString().replace('T', ' ').replace('Z', '')} UTC`;
}

/** Seconds since the epoch → "12:00:05" (UTC), for chart axes where the date is stated once. */
export function fmtClock(seconds: number): string {
  return dateOf(seconds)?.toISOString().slice(11, 19) ?? 'out of range';
}

export function fmtHex4(v: number): string {
  return `0x${v.toString(16).padStart(4, '0')}`;
}

export function fmtPct(n: number, of: number): string {
  if (of === 0) return '0%';
  const p = (100 * n) / of;
  return p === 0 || p >= 10 ? `${p.toFixed(0)}%` : p >= 0.1 ? `${p.toFixed(1)}%` : `${p.toFixed(3)}%`;
}

/** Long untrusted strings (a 1 MB interface name) are cut so one field cannot bloat the page. */
export function clip(text: string, max = 300): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${fmtInt(text.length - max)} more characters)`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmtInt(n)} ${n === 1 ? one : many}`;
}
