// `lab up|down|status|traffic`: command-line options in, typed results out; printing is in
// report/lab-text.ts and report/lab-json.ts.

import { choice, containerName } from '../flags/names.js';
import { bytePattern, percent, seconds, size } from '../flags/numbers.js';
import { requireRoot } from '../host/programs.js';
import { labStatus, labUp, runTraffic, tearDown, type DownResult, type LabStatus, type Progress, type Runtime, type TrafficResult, type UpResult } from '../lab/index.js';

export interface LabUpFlags {
  runtime?: string;
  offload?: string;
  corrupt?: string;
  blind?: string;
}

export interface LabTrafficFlags {
  from?: string;
  to?: string;
  bytes?: string;
  pattern?: string;
  timeout?: string;
}

export async function runLabUp(flags: LabUpFlags, progress?: Progress): Promise<UpResult> {
  const runtime = flags.runtime === undefined ? undefined : choice<Runtime>('--runtime', flags.runtime, ['netns', 'docker']);
  const offload = choice('--offload', flags.offload ?? 'on', ['on', 'off']);
  const corrupt = flags.corrupt === undefined ? undefined : percent('--corrupt', flags.corrupt);
  const blind = flags.blind === undefined ? undefined : percent('--blind', flags.blind);
  return labUp({
    runtime,
    offload: offload === 'on',
    injectors: { ...(corrupt !== undefined ? { corrupt } : {}), ...(blind !== undefined ? { blind } : {}) },
    progress,
  });
}

export async function runLabDown(): Promise<DownResult> {
  requireRoot('lab down');
  return tearDown();
}

export async function runLabStatus(): Promise<LabStatus> {
  requireRoot('lab status');
  return labStatus();
}

export async function runLabTraffic(flags: LabTrafficFlags): Promise<TrafficResult> {
  const from = containerName('--from', flags.from ?? 'test_mac');
  const to = containerName('--to', flags.to ?? 'test_mac_2');
  const bytes = size('--bytes', flags.bytes ?? '10M');
  const pattern = flags.pattern === undefined ? undefined : bytePattern('--pattern', flags.pattern);
  const timeoutSeconds = seconds('--timeout', flags.timeout ?? '60', { whole: true });
  requireRoot('lab traffic');
  return runTraffic({ from, to, bytes, pattern, timeoutSeconds });
}
