// One colour per verdict, shared by the charts and the page's badges so both read alike.

import type { Verdict } from '../checksum/types.js';
import type { HopState } from '../investigate/types.js';

export const VERDICT_COLORS: Record<Verdict, string> = {
  valid: '#3a9a5b',
  offload: '#e0a100',
  corrupt: '#c62828',
  unverifiable: '#8a8f98',
  absent: '#5b7fbf',
};

/** What happened at a place of the path (investigate's picture and its legend). */
export const HOP_STATE_COLORS: Record<HopState, string> = {
  clean: '#3a9a5b',
  damaged: '#c62828',
  dropped: '#e0651b',
  'not-captured': '#8a8f98',
};
