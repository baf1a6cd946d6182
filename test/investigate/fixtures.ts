// Investigations recorded on the lab over ssh (test/fixtures/investigate/): the OVS incident with
// --fix, --corrupt 2 with offload off (with --fix, which cannot apply its advice), and the healthy
// kernel VXLAN overlay; each with the hosts' clocks.

import { readFileSync } from 'node:fs';
import type { Investigation } from '../../src/investigate/types.js';

export type RecordedInvestigation = 'incident-fix' | 'corrupt' | 'healthy-vxlan';

export function recordedInvestigation(name: RecordedInvestigation): Investigation {
  return JSON.parse(readFileSync(new URL(`../../../test/fixtures/investigate/${name}.json`, import.meta.url), 'utf8')) as Investigation;
}
