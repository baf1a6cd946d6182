// What `fix` did or would do, as its text and JSON renderers take it.

import type { Recommendation } from './recommend.js';
import type { FixOutcome } from './fix.js';
import type { FIX_SCHEMA } from './types.js';
import type { VerifyResult } from './verify.js';

export interface FixResult {
  schema: typeof FIX_SCHEMA;
  /** "--features", the risks the recommendation answers, or why nothing is recommended. */
  featuresFrom: string;
  recommendations: Recommendation[];
  outcome: FixOutcome;
  verify?: VerifyResult;
}
