export { runCapture, type CaptureRequest } from './session.js';
export type { CaptureResult } from './types.js';
export { cleanupLeftoverMirrors } from './mirror.js';
export { ENGINES, type Engine } from './source.js';
