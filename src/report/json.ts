// The JSON renderer: the Analysis object as its contract says (docs/schema/analysis.schema.json),
// one object per run.

import type { Analysis } from '../analyze/types.js';

export function renderAnalysisJson(analysis: Analysis): string {
  return `${JSON.stringify(analysis, null, 2)}\n`;
}
