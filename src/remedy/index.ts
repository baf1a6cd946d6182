// The remedy stage's public surface: doctor's facts and risks, fix's plan, apply, revert, verify.

export { collectFacts, KEY_FEATURES, type DoctorOptions } from './facts.js';
export { featureText, parseFeatureList, type FeatureChange } from './features.js';
export { applyFix, planFix, revertFix, type FixMode, type FixOutcome } from './fix.js';
export { assessRisks, vethChecksumBug } from './risks.js';
export { FIX_STATE_DIR } from './snapshot.js';
export * from './types.js';
export { verifyCapture, type VerifyResult } from './verify.js';
