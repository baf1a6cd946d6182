// `lab up|down|status|traffic`: command-line options in, typed results out (traffic: exit 1 unless
// the transfer arrived intact); printing is in report/lab-text.ts and report/lab-json.ts.

import { choice, containerName } from '../flags/names.js';
import { bytePattern, percent, seconds, size } from '../flags/numbers.js';
import { UsageError } from '../errors.js';
import { outcome, type CommandOutcome } from '../exit-status.js';
import { requireRoot } from '../host/programs.js';
import { labStatus, labUp, OVERLAYS, runTraffic, tearDown, type DownResult, type LabStatus, type Overlay, type Progress, type Runtime, type TrafficResult, type UpResult } from '../lab/index.js';

export interface LabUpFlags {
  runtime?: string;
  overlay?: string;
  underlayIpv6?: boolean;
  offload?: string;
  corrupt?: string;
  blind?: string;
  outerCsum?: string;
}

export interface LabTrafficFlags {
  from?: string;
  to?: string;
  bytes?: string;
  pattern?: string;
  timeout?: string;
}

export async function runLabUp(flags: LabUpFlags, progress?: Progress): Promise<CommandOutcome<UpResult>> {
  const runtime = flags.runtime === undefined ? undefined : choice<Runtime>('--runtime', flags.runtime, ['netns', 'docker']);
  const offload = choice('--offload', flags.offload ?? 'on', ['on', 'off']);
  const overlay = choice<Overlay>('--overlay', flags.overlay ?? 'ovs', OVERLAYS);
  const corrupt = flags.corrupt === undefined ? undefined : percent('--corrupt', flags.corrupt);
  const blind = flags.blind === undefined ? undefined : percent('--blind', flags.blind);
  const outerCsum = flags.outerCsum === undefined ? undefined : percent('--outer-csum', flags.outerCsum);
  // OVS's userspace VXLAN sends no outer checksum (0), so there is nothing to damage.
  if (outerCsum !== undefined && overlay === 'ovs') throw new UsageError("--outer-csum needs an overlay that sends an outer UDP checksum (--overlay ovs-geneve, vxlan or geneve): OVS's VXLAN port sends it as 0");
  const result = await labUp({
    runtime,
    overlay,
    underlay: flags.underlayIpv6 ? 'ipv6' : 'ipv4',
    offload: offload === 'on',
    injectors: { ...(corrupt !== undefined ? { corrupt } : {}), ...(blind !== undefined ? { blind } : {}), ...(outerCsum !== undefined ? { outerCsum } : {}) },
    progress,
  });
  return outcome(result, false);
}

export async function runLabDown(): Promise<CommandOutcome<DownResult>> {
  requireRoot('lab down');
  return outcome(await tearDown(), false);
}

export async function runLabStatus(): Promise<CommandOutcome<LabStatus>> {
  requireRoot('lab status');
  return outcome(await labStatus(), false);
}

export async function runLabTraffic(flags: LabTrafficFlags): Promise<CommandOutcome<TrafficResult>> {
  const from = containerName('--from', flags.from ?? 'test_mac');
  const to = containerName('--to', flags.to ?? 'test_mac_2');
  const bytes = size('--bytes', flags.bytes ?? '10M');
  const pattern = flags.pattern === undefined ? undefined : bytePattern('--pattern', flags.pattern);
  const timeoutSeconds = seconds('--timeout', flags.timeout ?? '60', { whole: true });
  requireRoot('lab traffic');
  const result = await runTraffic({ from, to, bytes, pattern, timeoutSeconds });
  return outcome(result, !result.intact);
}
