export { runCapture, type CaptureRequest } from './session.js';
export type { CaptureResult } from './types.js';
export { cleanupLeftoverMirrors, type LeftoverCleanup } from './mirror.js';
export { parseTargets, type TargetFlags, type TargetSpec } from './targets.js';
export type { Engine } from './source.js';
