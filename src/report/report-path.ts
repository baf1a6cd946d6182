// Where a report goes: reports/ (relative to the working directory) unless the name given has a
// folder of its own; "-o x.html" → reports/x.html, "-o ./x.html" or "-o /tmp/x.html" → as given.

import path from 'node:path';

export const REPORTS_DIR = 'reports';

/** A file name stem from a time: "2024-05-01T12:00:00.000Z" → "report-20240501T120000Z". */
export function defaultStem(now: Date = new Date()): string {
  return `report-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
}

export function resolveReportPath(file: string | undefined, stem: string = defaultStem()): string {
  if (file === undefined || file === '') return path.join(REPORTS_DIR, `${stem}.html`);
  const bare = !file.includes('/') && !file.includes(path.sep);
  return bare ? path.join(REPORTS_DIR, file) : file;
}
