// The native capture engine (native/ovsf-capture.c, built at npm install by scripts/build-native.sh):
// whether it runs here — asked with no arguments, a working binary answers with its usage error
// (exit 3), a missing one or a missing libpcap does not — and starting it in a namespace, its
// batches streamed on stdout or appended to the output file, its JSON lines on stderr (docs/capture.md, "The native engine").

import { fileURLToPath } from 'node:url';
import type { NetnsTarget } from './netns.js';
import { run } from './run.js';
import { startStreamingIn, type StreamingProgram } from './stream.js';

/** build/ at the package root, from dist/src/host/. */
export const NATIVE_ENGINE = fileURLToPath(new URL('../../../build/ovsf-capture', import.meta.url));

/** Why the native engine cannot run here, or undefined when it can. */
export async function nativeEngineProblem(): Promise<string | undefined> {
  const r = await run(NATIVE_ENGINE, [], { timeoutMs: 10_000 });
  if (r.exitCode === 3 && r.stderr.startsWith('{"error":"usage')) return undefined;
  if (r.notFound) return `${NATIVE_ENGINE} is not built`;
  return (r.stderr.split('\n')[0] ?? '') || `${NATIVE_ENGINE} exited ${r.exitCode}`;
}

export interface NativeCaptureOptions {
  iface: string;
  snapLen: number;
  bufferBytes: number;
  /** The pcapng interface id its blocks carry. */
  interfaceId: number;
  /** It stops when this process is no longer its parent. */
  parentPid: number;
  /** Own Ethernet addresses as 12 hex digits, comma separated, "-" for none, or "inbound"/"outbound" for every frame. */
  direction: string;
  filter: readonly string[];
  /** A file it appends its batches to itself (after SIGUSR1), or "-": batches on stdout. */
  output: string;
}

/** Starts the engine in the namespace (undefined: ours). */
export function nativeCaptureStream(target: NetnsTarget, o: NativeCaptureOptions, onStderrLine: (line: string) => void): StreamingProgram {
  const args = [o.iface, String(o.snapLen), String(o.bufferBytes), String(o.interfaceId), String(o.parentPid), o.direction, o.filter.join(' '), o.output];
  return startStreamingIn(target, NATIVE_ENGINE, args, onStderrLine);
}
