// Types shared by the HTML report's builder (Node) and its in-page script (browser), plus the
// options callers pass: `analyze --html`, `capture --report` and `report` all go through them.

import type { Correlation } from '../analyze/correlate/index.js';
import type { Analysis } from '../analyze/types.js';

/** What `doctor` learns about a host; every field optional so partial facts still render. */
export interface HostFacts {
  hostname?: string;
  kernel?: string;
  ovsVersion?: string;
  collectedAt?: string;
  containers?: { name: string; pid?: number; runtime?: string; netns?: string; interfaces?: string[] }[];
  interfaces?: {
    name: string;
    netns?: string;
    driver?: string;
    mtu?: number;
    /** ethtool -k feature name → on/off (or "fixed" text). */
    offloads?: Record<string, boolean | string>;
  }[];
  notes?: string[];
}

export interface HtmlReportOptions {
  /** The analysis of the same path taken before a change, for the before/after view. */
  before?: Analysis;
  host?: HostFacts;
  /** The same captures followed point by point (`correlate --html`): adds the path section. */
  correlation?: Correlation;
  /** Shown in the inputs section: where the analysis came from (file names, command). */
  source?: string;
  /** Page title; defaults to one derived from the headline. */
  title?: string;
}

export interface ChartDataset {
  label: string;
  data: number[];
  color: string;
}

/** One Chart.js bar chart, fully decided on the Node side so the page only draws it. */
export interface ChartSpec {
  /** Id of the canvas element the chart draws into. */
  canvas: string;
  labels: string[];
  datasets: ChartDataset[];
  stacked: boolean;
  horizontal: boolean;
  xTitle: string;
  yTitle: string;
  /** CSS pixels; set by the script because the CSP allows no inline style attributes. */
  height: number;
}

export interface TableColumn {
  label: string;
  numeric: boolean;
  /** CSS class of every cell of the column. */
  className?: string;
  /** CSS class for a cell whose number is above zero (e.g. the corrupt column turns red). */
  alertClass?: string;
}

export interface FlowTableData {
  columns: TableColumn[];
  rows: { cells: (string | number)[]; problem: boolean }[];
}

/** The page's JSON block: only what the in-page script needs (charts and the flow table). */
export interface ClientData {
  charts: ChartSpec[];
  flows: FlowTableData;
}
