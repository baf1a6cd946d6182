// The self-contained HTML incident report: one file, Chart.js and the page script inlined, a CSP
// that allows exactly those scripts and the one stylesheet, data as an escaped JSON block.
// Called by `report`, `analyze --html`, `correlate --html` and `capture --report`.

import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Analysis } from '../analyze/types.js';
import { EnvironmentError } from '../errors.js';
import { compareAnalyses } from './compare.js';
import { clip } from './format.js';
import { headline } from './headline.js';
import { buildCharts, compareChart } from './html-charts.js';
import { renderCorrelation } from './html-correlation.js';
import { renderCorrupt } from './html-corrupt.js';
import { html, jsonForScript, SafeHtml } from './html-escape.js';
import { renderFindings } from './html-findings.js';
import { buildFlowTable } from './html-flow-table.js';
import { renderInputs } from './html-inputs.js';
import { renderPage } from './html-page.js';
import {
  renderChecks,
  renderCharts,
  renderComparison,
  renderFlowTableFrame,
  renderFooter,
  renderHeader,
  renderTotals,
} from './html-sections.js';
import { REPORT_CSS } from './html-style.js';
import { loadReportAssets } from './html-assets.js';
import { resolveReportPath } from './report-path.js';
import type { ClientData, HtmlReportOptions } from './report-types.js';

export async function renderHtmlReport(analysis: Analysis, opts: HtmlReportOptions = {}): Promise<string> {
  const assets = await loadReportAssets();
  const head = headline(analysis);
  const charts = buildCharts(analysis);
  const flows = buildFlowTable(analysis);
  const before = opts.before;
  const beforeChart = before ? compareChart(before, analysis) : undefined;
  const data: ClientData = {
    charts: [...(beforeChart ? [beforeChart.spec] : []), ...charts.map((c) => c.spec)],
    flows: flows.data,
  };
  const body = html`<main>
${renderHeader(analysis, head)}
${before && beforeChart ? renderComparison(compareAnalyses(before, analysis), beforeChart) : ''}
${opts.correlation ? renderCorrelation(opts.correlation) : ''}
${renderTotals(analysis)}
${renderFindings(analysis)}
${renderCharts(charts)}
${renderFlowTableFrame(flows.note)}
${renderCorrupt(analysis)}
${renderChecks(analysis)}
${renderInputs(analysis, opts.host, before)}
${renderFooter(analysis, opts.source)}
</main>`;
  // Chart.js and the page script are trusted code checked by assertInlineSafe; the JSON is escaped.
  return renderPage({
    title: clip(opts.title ?? `ovsforensics: ${head.text}`, 200),
    css: REPORT_CSS,
    body,
    tail: html`<script type="application/json" id="report-data">${new SafeHtml(jsonForScript(data))}</script>\n`,
    scripts: [
      { code: assets.chartJs, name: 'Chart.js' },
      { code: assets.client, name: 'the report page script', module: true },
    ],
  });
}

export interface WrittenReport {
  path: string;
  bytes: number;
}

/**
 * Renders and writes the report. `file` undefined or a bare name goes to reports/ (see
 * report-path.ts); `stem` names the file when `file` is undefined.
 */
export async function writeHtmlReport(
  analysis: Analysis,
  file: string | undefined,
  opts: HtmlReportOptions & { stem?: string } = {},
): Promise<WrittenReport> {
  return writeReportFile(resolveReportPath(file, opts.stem), await renderHtmlReport(analysis, opts));
}

/** Writes a rendered page aside and renames it, so a reader never sees half a report. */
export async function writeReportFile(target: string, page: string): Promise<WrittenReport> {
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(tmp, page, 'utf8');
    await rename(tmp, target);
  } catch (e) {
    throw new EnvironmentError(`cannot write the report ${target}: ${(e as Error).message}`);
  }
  return { path: target, bytes: Buffer.byteLength(page, 'utf8') };
}
