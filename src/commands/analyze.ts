// `analyze`: capture files (and --point NAME=FILE) in, the Analysis and the input errors met on the
// way out; exit 2 on a bad input (after what was read), 1 on a finding that is no note, else 0.

import { basename } from 'node:path';
import { analyze, type AnalyzeOptions, type AnalyzeResult, type CaptureSpec } from '../analyze/analyze-files.js';
import { isFault } from '../analyze/findings.js';
import { UsageError } from '../errors.js';
import { outcome, type CommandOutcome } from '../exit-status.js';
import { wholeNumber } from '../flags/numbers.js';
import { analyzePoint } from '../flags/points.js';
import { decodeOptions } from '../flags/tunnel-ports.js';

export interface AnalyzeCliOptions {
  point: string[];
  vxlanPort: string[];
  genevePort: string[];
  /** --jobs: workers for one large file. */
  jobs?: string;
}

export async function runAnalyze(files: string[], opts: AnalyzeCliOptions, onProgress?: AnalyzeOptions['onProgress']): Promise<CommandOutcome<AnalyzeResult>> {
  const captures: CaptureSpec[] = [...files.map((path) => ({ path, point: basename(path) })), ...opts.point.map((p) => analyzePoint('--point', p))];
  if (captures.length === 0) throw new UsageError('analyze: name at least one capture file');
  const decode = decodeOptions(opts);
  const jobs = opts.jobs === undefined ? undefined : wholeNumber('--jobs', opts.jobs, 1, 256);
  const result = await analyze({ captures, decode, onProgress, ...(jobs === undefined ? {} : { jobs }) });
  return outcome(result, result.analysis.findings.some(isFault), result.errors.length);
}
