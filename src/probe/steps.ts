// What one side of a probe does on its own host, as data and as the words of a command line: the
// same words reach the transfer agent (agent.ts) here and `ovsforensics probe-agent` on a remote host.

import { isWholeNumber, parseBytePattern } from '../flags/numbers.js';

export type Pattern = 'random' | number;

/** Accept one TCP connection and hash what arrives; report at its end, at the deadline, after a stall or when told to stop. */
export interface ServeStep {
  step: 'serve';
  deadlineMs: number;
  stallMs: number;
}

/** Stream `bytes` of `pattern` to address:port, hashing what was sent. */
export interface SendStep {
  step: 'send';
  address: string;
  port: number;
  bytes: number;
  pattern: Pattern;
  connectMs: number;
  deadlineMs: number;
  stallMs: number;
}

/** Pings of growing size to address (sizes from the side's own MTU: pings.ts). */
export interface PingsStep {
  step: 'pings';
  address: string;
}

/** Only resolve the target and say where it is. */
export interface TargetStep {
  step: 'target';
}

export type Step = ServeStep | SendStep | PingsStep | TargetStep;

/** The transfer steps, which the agent runs. */
export type AgentStep = ServeStep | SendStep;

export interface ServeReport {
  received: number;
  sha256: string;
  /** Ended by its deadline or a stop rather than by the sender closing. */
  timedOut: boolean;
  /** Connected, then nothing arrived for stallMs. */
  stalled: boolean;
}

export interface SendReport {
  connected: boolean;
  sent: number;
  sha256: string;
  seconds: number;
  /** No connection within connectMs, or the socket took no data for stallMs. */
  stalled: boolean;
  error?: string;
}

const patternText = (p: Pattern): string => (p === 'random' ? 'random' : `0x${p.toString(16).padStart(2, '0')}`);

/** The step as command-line words (STEP_USAGE). */
export function stepArgs(s: Step): string[] {
  switch (s.step) {
    case 'serve':
      return ['serve', String(s.deadlineMs), String(s.stallMs)];
    case 'send':
      return ['send', s.address, String(s.port), String(s.bytes), patternText(s.pattern), String(s.connectMs), String(s.deadlineMs), String(s.stallMs)];
    case 'pings':
      return ['pings', s.address];
    case 'target':
      return ['target'];
  }
}

export const AGENT_USAGE = 'serve DEADLINE_MS STALL_MS | send ADDRESS PORT BYTES PATTERN CONNECT_MS DEADLINE_MS STALL_MS';
export const STEP_USAGE = `${AGENT_USAGE} | pings ADDRESS | target`;

/** A whole number of milliseconds, a port or bytes, as the flags module reads numbers. */
const whole = (text: string | undefined, min = 0): number | undefined => (text !== undefined && isWholeNumber(text, min, Number.MAX_SAFE_INTEGER) ? Number(text) : undefined);

/** An address as ping and net.connect take it: IPv4 or IPv6 characters only, so nothing else reaches a program. */
const ADDRESS = /^[0-9A-Fa-f.:]{2,45}$/;

/** The words back as a step; undefined when they are not one. */
export function parseStep(words: readonly string[]): Step | undefined {
  const [mode, ...rest] = words;
  if (mode === 'serve' && rest.length === 2) {
    const [deadlineMs, stallMs] = [whole(rest[0], 1), whole(rest[1], 1)];
    return deadlineMs === undefined || stallMs === undefined ? undefined : { step: 'serve', deadlineMs, stallMs };
  }
  if (mode === 'send' && rest.length === 7) {
    const [address, port, bytes, pattern, connectMs, deadlineMs, stallMs] = [rest[0]!, whole(rest[1], 1), whole(rest[2]), parseBytePattern(rest[3]!), whole(rest[4], 1), whole(rest[5], 1), whole(rest[6], 1)];
    if (!ADDRESS.test(address) || port === undefined || port > 65535 || bytes === undefined || pattern === undefined || connectMs === undefined || deadlineMs === undefined || stallMs === undefined) return undefined;
    return { step: 'send', address, port, bytes, pattern, connectMs, deadlineMs, stallMs };
  }
  if (mode === 'target' && rest.length === 0) return { step: 'target' };
  if (mode === 'pings' && rest.length === 1 && ADDRESS.test(rest[0]!)) return { step: 'pings', address: rest[0]! };
  return undefined;
}
