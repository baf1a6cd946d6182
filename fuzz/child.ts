// A long-lived child of the pool: runs the CLI in-process (main() of src/program.ts, the code path
// of the binary) once per request, with stdout and stderr captured per case. An exception or
// rejection nobody handled is the current case's failure; the child then exits, since the state
// it leaves behind is unknown.

import { readFileSync, writeFileSync } from 'node:fs';
import { main } from '../src/program.js';
import type { Crash, RunReply, RunRequest } from './child-messages.js';

/** Output kept per stream: enough for every check, bounded when a case prints megabytes. */
const KEEP = 1 << 20;
/** Above this resident size, collect garbage before a case so the last case's leftovers do not count. */
const GC_ABOVE_KB = 200 * 1024;

/** The head and the tail of what a case printed on one stream. */
class Captured {
  private head = '';
  private tail = '';

  add(chunk: unknown): void {
    let s = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    if (this.head.length < KEEP / 2) {
      const take = s.slice(0, KEEP / 2 - this.head.length);
      this.head += take;
      s = s.slice(take.length);
    }
    if (s.length > 0) this.tail = (this.tail + s).slice(-KEEP / 2);
  }

  get text(): string {
    return this.head + this.tail;
  }
}

let current: { id: number; out: Captured; err: Captured } | undefined;
/** The case that ran last: a crash between cases is most likely its own, come late. */
let lastId = -1;

/** A write that lands in the current case's capture; a callback argument is called as a stream would. */
function capturingWrite(pick: (c: NonNullable<typeof current>) => Captured) {
  return (chunk: unknown, ...rest: unknown[]): boolean => {
    if (current !== undefined) pick(current).add(chunk);
    const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    if (cb) queueMicrotask(cb);
    return true;
  };
}

process.stdout.write = capturingWrite((c) => c.out) as typeof process.stdout.write;
process.stderr.write = capturingWrite((c) => c.err) as typeof process.stderr.write;

const send = (m: RunReply): Promise<void> => new Promise((resolve) => process.send!(m, undefined, {}, () => resolve()));

function crash(kind: Crash['kind'], e: unknown): void {
  const err = e instanceof Error ? e : new Error(String(e));
  const c = current ?? { id: lastId, out: new Captured(), err: new Captured() };
  void send({ id: c.id, crash: { kind, message: err.message, stack: err.stack ?? '' }, stdout: c.out.text, stderr: c.err.text }).then(() => process.exit(70));
}
process.on('unhandledRejection', (e) => crash('unhandled-rejection', e));
process.on('uncaughtException', (e) => crash('uncaught-exception', e));

function residentKb(): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
}

/** Starts the peak-RSS count afresh (Linux: clear_refs 5); false where the kernel does not allow it. */
function resetPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

const gc = (globalThis as { gc?: () => void }).gc;

process.on('message', (req: RunRequest) => {
  void (async () => {
    if (gc && residentKb() > GC_ABOVE_KB) gc();
    resetPeak();
    current = { id: req.id, out: new Captured(), err: new Captured() };
    lastId = req.id;
    const status = await main(['node', 'ovsforensics', ...req.args]);
    // Rejections of promises the command left behind (streams closing) surface within a few turns: let them count here.
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 2));
    await new Promise((r) => setImmediate(r));
    const c = current;
    current = undefined;
    await send({ id: c.id, status, stdout: c.out.text, stderr: c.err.text, rssKb: process.resourceUsage().maxRSS });
  })();
});
