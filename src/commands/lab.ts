// `lab up|down|status|traffic`: command-line options in, typed results out; printing is in
// report/lab-text.ts and report/lab-json.ts.

import { UsageError } from '../errors.js';
import { requireRoot } from '../host/programs.js';
import { labStatus, labUp, OVERLAYS, parsePattern, runTraffic, tearDown, type DownResult, type LabStatus, type Overlay, type Progress, type Runtime, type TrafficResult, type UpResult } from '../lab/index.js';

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

function percent(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n > 0 && n <= 100)) throw new UsageError(`${flag} ${value}: a percentage above 0, at most 100`);
  return n;
}

function positiveInteger(flag: string, value: string): number {
  // Accepts 100M / 1G as well as plain bytes, since transfers are sized in megabytes.
  const m = /^(\d+)([kKmMgG]?)$/.exec(value);
  const n = m ? Number(m[1]) * { '': 1, k: 1e3, m: 1e6, g: 1e9 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'] : NaN;
  if (!(Number.isSafeInteger(n) && n > 0)) throw new UsageError(`${flag} ${value}: expected a positive whole number (suffix k, M or G allowed)`);
  return n;
}

export async function runLabUp(flags: LabUpFlags, progress?: Progress): Promise<UpResult> {
  const runtime = flags.runtime;
  if (runtime !== undefined && runtime !== 'netns' && runtime !== 'docker') throw new UsageError(`--runtime ${runtime}: expected netns or docker`);
  const offload = flags.offload ?? 'on';
  if (offload !== 'on' && offload !== 'off') throw new UsageError(`--offload ${offload}: expected on or off`);
  const overlay = flags.overlay ?? 'ovs';
  if (!(OVERLAYS as readonly string[]).includes(overlay)) throw new UsageError(`--overlay ${overlay}: expected ${OVERLAYS.join(', ')}`);
  const corrupt = percent('--corrupt', flags.corrupt);
  const blind = percent('--blind', flags.blind);
  const outerCsum = percent('--outer-csum', flags.outerCsum);
  // OVS's userspace VXLAN sends no outer checksum (0), so there is nothing to damage.
  if (outerCsum !== undefined && overlay === 'ovs') throw new UsageError('--outer-csum needs a kernel overlay (--overlay vxlan or geneve): OVS sends the outer UDP checksum as 0');
  return labUp({
    runtime: runtime as Runtime | undefined,
    overlay: overlay as Overlay,
    underlay: flags.underlayIpv6 ? 'ipv6' : 'ipv4',
    offload: offload === 'on',
    injectors: { ...(corrupt !== undefined ? { corrupt } : {}), ...(blind !== undefined ? { blind } : {}), ...(outerCsum !== undefined ? { outerCsum } : {}) },
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
  requireRoot('lab traffic');
  const pattern = flags.pattern === undefined ? undefined : parsePattern(flags.pattern);
  if (pattern === undefined && flags.pattern !== undefined) throw new UsageError(`--pattern ${flags.pattern}: expected random or a byte value such as 0x07`);
  return runTraffic({
    from: flags.from ?? 'test_mac',
    to: flags.to ?? 'test_mac_2',
    bytes: positiveInteger('--bytes', flags.bytes ?? '10M'),
    pattern,
    timeoutSeconds: positiveInteger('--timeout', flags.timeout ?? '60'),
  });
}
