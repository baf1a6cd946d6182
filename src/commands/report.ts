// `ovsforensics report ANALYSIS.json [--before OLD.json] [--host DOCTOR.json] [-o FILE.html]`: renders a saved
// analysis as the HTML incident report. Without -o, or with a bare name, it goes to reports/.

import path from 'node:path';
import { outcome, type CommandOutcome } from '../exit-status.js';
import { writeHtmlReport } from '../report/html.js';
import type { WrittenReport } from '../report/html.js';
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

export async function runReport(file: string, opts: ReportOptions = {}): Promise<CommandOutcome<ReportResult>> {
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
  return outcome(result, false);
}
