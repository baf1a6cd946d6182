// `ovsforensics report ANALYSIS.json [--before OLD.json] [--host DOCTOR.json] [-o FILE.html]`: renders a saved
// analysis as the HTML incident report. Without -o, or with a bare name, it goes to reports/.

import path from 'node:path';
import { writeHtmlReport } from '../report/html.js';
import type { WrittenReport } from '../report/html.js';
import { printable } from '../report/printable.js';
import { readAnalysisFile, readHostFactsFile } from '../report/read-analysis.js';

export interface ReportOptions {
  output?: string;
  before?: string;
  /** A `doctor --json` file whose host facts the report shows. */
  host?: string;
}

export interface ReportResult extends WrittenReport {
  analysis: string;
  before?: string;
  findings: number;
}

export async function reportCommand(file: string, opts: ReportOptions = {}): Promise<ReportResult> {
  const analysis = await readAnalysisFile(file);
  const before = opts.before === undefined ? undefined : await readAnalysisFile(opts.before);
  const host = opts.host === undefined ? undefined : await readHostFactsFile(opts.host);
  const source = before === undefined ? file : `${file} (before: ${opts.before})`;
  const written = await writeHtmlReport(analysis, opts.output, {
    before,
    host,
    source,
    stem: path.basename(file).replace(/\.json$/i, ''),
  });
  const result: ReportResult = { ...written, analysis: file, findings: analysis.findings.length };
  if (opts.before !== undefined) result.before = opts.before;
  return result;
}

export async function runReportCommand(file: string, opts: ReportOptions): Promise<number> {
  const r = await reportCommand(file, opts);
  process.stdout.write(`wrote ${printable(r.path)} (${r.bytes} bytes, ${r.findings} findings)\n`);
  return 0;
}
