// The JSON renderer: the Analysis object as DESIGN.md's contract, one object, one line per run.

import type { Analysis } from '../analyze/types.js';

export function renderAnalysisJson(analysis: Analysis): string {
  return `${JSON.stringify(analysis, null, 2)}\n`;
}
