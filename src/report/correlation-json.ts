// The JSON renderer of a Correlation: the "ovsforensics.correlation/1" object, as is.

import type { Correlation } from '../analyze/correlate/index.js';

export function renderCorrelationJson(c: Correlation): string {
  return `${JSON.stringify(c, null, 2)}\n`;
}
