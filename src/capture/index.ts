export { runCapture, type CaptureRequest, type CaptureResult, type LiveStatus, type PointResult, type StopReason } from './session.js';
export { cleanupLeftoverMirrors, type LeftoverCleanup } from './mirror.js';
export type { Engine } from './source.js';
