// ping: echo requests of one size, with or without the don't-fragment bit, from any namespace.
// iputils-ping sets DF with `-M do` (and allows fragmenting with `-M dont`); busybox's ping has no
// such option, so with it every ping is sent as the kernel likes and reported as not DF.

import { EnvironmentError } from '../errors.js';
import { runIn, type NetnsTarget } from './netns.js';
import { findProgram } from './programs.js';
import { run } from './run.js';

export interface PingProgram {
  file: string;
  /** Words before ping's own options (`busybox ping`). */
  prefix: string[];
  /** Whether it can set or clear DF (`-M do|dont`): iputils-ping. */
  pmtuOption: boolean;
}

export interface PingRequest {
  address: string;
  payload: number;
  /** Set DF (iputils: -M do), or let the sender fragment (-M dont). */
  dontFragment: boolean;
  count: number;
  /** Seconds to wait for the last reply. */
  waitS: number;
}

export interface PingCount {
  sent: number;
  received: number;
}

/** Between two requests: iputils lets any user go down to 0.2 s. */
const INTERVAL_S = 0.2;

let found: PingProgram | undefined;

/** The ping to use here: iputils-ping when it is installed, else busybox's; an EnvironmentError when neither is. */
export async function pingProgram(): Promise<PingProgram> {
  if (found !== undefined) return found;
  const ping = findProgram('ping');
  const busybox = findProgram('busybox');
  if (ping !== undefined && /iputils/.test((await run(ping, ['-V'], { timeoutMs: 5_000 })).stdout)) found = { file: ping, prefix: [], pmtuOption: true };
  else if (ping !== undefined) found = { file: ping, prefix: [], pmtuOption: false };
  else if (busybox !== undefined) found = { file: busybox, prefix: ['ping'], pmtuOption: false };
  else throw new EnvironmentError('ping not found: install the Debian package iputils-ping', 'ping');
  return found;
}

/** Whole seconds a request takes at most: its sends, then the wait for the last reply. */
export function pingSeconds(r: Pick<PingRequest, 'count' | 'waitS'>): number {
  return Math.ceil(r.count * INTERVAL_S + r.waitS);
}

/** ping's arguments: numeric, quiet, count requests then a wait for the last reply (no -w: with it, iputils keeps sending until count replies came). */
export function pingArgs(p: PingProgram, r: PingRequest): string[] {
  const args = [...p.prefix, '-n', '-q', '-c', String(r.count), '-W', String(r.waitS), '-s', String(r.payload)];
  if (p.pmtuOption) args.push('-i', String(INTERVAL_S), '-M', r.dontFragment ? 'do' : 'dont');
  return [...args, r.address];
}

/** The statistics line of either ping ("2 packets transmitted, 1 received, …" or "… 1 packets received"). */
export function parsePingCount(stdout: string): PingCount | undefined {
  const m = /(\d+) packets transmitted, (\d+) (?:packets )?received/.exec(stdout);
  return m === null ? undefined : { sent: Number(m[1]), received: Number(m[2]) };
}

/** Pings from inside the namespace; whether DF was really set is in the result's dontFragment. */
export async function pingIn(target: NetnsTarget, r: PingRequest): Promise<PingCount & { dontFragment: boolean }> {
  const p = await pingProgram();
  const res = await runIn(target, p.file, pingArgs(p, r), { timeoutMs: (pingSeconds(r) + 5) * 1000 });
  const count = parsePingCount(res.stdout);
  // Exit 1 is "no reply"; anything else without statistics is ping failing to run.
  if (count === undefined) throw new EnvironmentError(`${res.command}: ${res.stderr.split('\n')[0] || `exit ${res.exitCode}`}`, res.command);
  return { ...count, dontFragment: r.dontFragment && p.pmtuOption };
}
