// The scripts inlined into every report, read at run time: Chart.js's UMD build from node_modules
// and the page script tsc compiled next to this module (dist/src/report/client/).

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { EnvironmentError } from '../errors.js';

export interface ReportAssets {
  chartJs: string;
  client: string;
}

let cached: ReportAssets | undefined;

async function read(file: string | URL, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new EnvironmentError(`cannot read ${what} for the HTML report (${(e as Error).message}); run npm ci and npm run build`);
  }
}

export async function loadReportAssets(): Promise<ReportAssets> {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  let main: string;
  try {
    main = require.resolve('chart.js');
  } catch {
    throw new EnvironmentError('the chart.js package is not installed; run npm ci');
  }
  // chart.js's exports map hides dist/chart.umd.js, but it sits next to the main entry.
  const chartJs = await read(path.join(path.dirname(main), 'chart.umd.js'), 'Chart.js');
  const client = await read(new URL('./client/report-client.js', import.meta.url), 'the report page script');
  cached = { chartJs, client };
  return cached;
}
