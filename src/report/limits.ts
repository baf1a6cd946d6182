// Caps that keep a report's size bounded on huge captures; every cut is reported on the page.

export const LIMITS = {
  findings: 50,
  flowRows: 2000,
  corruptRows: 100,
  examplesPerFinding: 10,
  flowIdsPerFinding: 12,
  evidenceEntries: 40,
  inputs: 100,
  interfacesPerInput: 20,
  points: 100,
  chartPoints: 30,
  chartTopFlows: 10,
  timelineBuckets: 300,
  reasons: 40,
  hostEntries: 100,
  hexBytes: 256,
} as const;

export interface Taken<T> {
  shown: T[];
  omitted: number;
}

export function take<T>(list: readonly T[], max: number): Taken<T> {
  return { shown: list.slice(0, max), omitted: Math.max(0, list.length - max) };
}
