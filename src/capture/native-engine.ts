// Where the native capture engine (native/ovsf-capture.c, built at npm install by
// scripts/build-native.sh) lives, and whether it runs here: asked with no arguments, a working
// binary answers with its usage error (exit 3); a missing one or a missing libpcap does not.

import { fileURLToPath } from 'node:url';
import { run } from '../host/run.js';

/** build/ at the package root, from dist/src/capture/. */
export const NATIVE_ENGINE = fileURLToPath(new URL('../../../build/ovsf-capture', import.meta.url));

/** Why the native engine cannot run here, or undefined when it can. */
export async function nativeEngineProblem(): Promise<string | undefined> {
  const r = await run(NATIVE_ENGINE, [], { timeoutMs: 10_000 });
  if (r.exitCode === 3 && r.stderr.startsWith('{"error":"usage')) return undefined;
  if (r.notFound) return `${NATIVE_ENGINE} is not built`;
  return (r.stderr.split('\n')[0] ?? '') || `${NATIVE_ENGINE} exited ${r.exitCode}`;
}
