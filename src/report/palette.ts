// One colour per verdict, shared by the charts and the page's badges so both read alike.

import type { Verdict } from '../checksum/types.js';

export const VERDICT_COLORS: Record<Verdict, string> = {
  valid: '#3a9a5b',
  offload: '#e0a100',
  corrupt: '#c62828',
  unverifiable: '#8a8f98',
  absent: '#5b7fbf',
};
