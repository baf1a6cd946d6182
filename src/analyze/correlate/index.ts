export { correlate, type CorrelateOptions, type CorrelateResult } from './correlate.js';
export { describeAlteration } from './judge/alteration.js';
export { describePattern } from './judge/findings.js';
export type { PointSpec } from './match/points.js';
export {
  CORRELATION_SCHEMA,
  type Alteration,
  type AlteredSegment,
  type Correlation,
  type CorrelationInput,
  type CorrelationPoint,
  type Hop,
  type HopClock,
  type HostClock,
  type HostClocks,
  type PatternGroup,
  type PatternKind,
  type SegmentSighting,
} from './types.js';
