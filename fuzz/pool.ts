// A pool of long-lived children (fuzz/child.ts), each running one case at a time over IPC. The
// parent enforces the per-case time limit (kill, record a hang, start a new child), watches the
// child's resident size from /proc and stops it past a hard ceiling, and replaces children that
// crash or die. A crash that comes after its case had already answered is kept apart as late,
// with that case's arguments, and the case running then is run again on another child.

import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Crash, RunReply, RunRequest } from './child-messages.js';

const CHILD = new URL('./child.js', import.meta.url);
const POLL_MS = 100;

export interface Outcome {
  /** Exit status main() returned; null when there is none (crash, hang, death). */
  status: number | null;
  stdout: string;
  stderr: string;
  /** Peak resident size during the case in kB (the child's own count, or /proc when it was stopped). */
  rssKb: number;
  ms: number;
  hang?: boolean;
  crash?: Crash;
  /** The child ended without a reply: its exit code or signal, and the end of what it printed itself. */
  died?: string;
}

/** A crash reported after its case had answered (as passing): the case's arguments and the crash. */
export interface LateCrash {
  args: string[];
  crash: Crash;
}

export interface PoolOptions {
  size: number;
  cwd: string;
  timeoutMs: number;
  /** A child past this resident size is stopped at once (the case has failed the RSS check long before). */
  killAboveKb: number;
}

interface Pending {
  id: number;
  args: string[];
  started: number;
  peakKb: number;
  timer: NodeJS.Timeout;
  poll: NodeJS.Timeout;
  resolve: (o: Outcome | Promise<Outcome>) => void;
}

interface Slot {
  child: ChildProcess;
  ownStderr: string;
  pending?: Pending;
  /** The last two cases this child was given: a late crash names the one before the running one. */
  ran: { id: number; args: string[] }[];
  retired: boolean;
}

function residentKb(pid: number | undefined): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

export class Pool {
  private readonly idle: Slot[] = [];
  private readonly waiting: ((s: Slot) => void)[] = [];
  private readonly slots = new Set<Slot>();
  private readonly late: LateCrash[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly opts: PoolOptions) {
    for (let i = 0; i < opts.size; i++) this.release(this.spawn());
  }

  get options(): PoolOptions {
    return this.opts;
  }

  /** Late crashes since the last call. */
  takeLate(): LateCrash[] {
    return this.late.splice(0);
  }

  private spawn(): Slot {
    const child = fork(CHILD, [], { cwd: this.opts.cwd, execArgv: ['--expose-gc'], serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const slot: Slot = { child, ownStderr: '', ran: [], retired: false };
    this.slots.add(slot);
    child.stderr!.on('data', (d: Buffer) => (slot.ownStderr = (slot.ownStderr + d.toString()).slice(-2000)));
    child.on('message', (m: RunReply) => this.reply(slot, m));
    // A send to a child that just died fails here; 'close' below deals with the death.
    child.on('error', () => undefined);
    // 'close', not 'exit': every message the child sent has been handled by then.
    child.on('close', (code, signal) => {
      this.slots.delete(slot);
      if (slot.pending) this.finish(slot, { status: null, stdout: '', stderr: '', died: `${signal ? `signal ${signal}` : `code ${code}`}: ${slot.ownStderr.trim().split('\n').slice(-3).join(' | ')}` });
      else this.replace(slot);
    });
    return slot;
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else this.idle.push(slot);
  }

  /** Retires a child (it crashed, hung, died or grew too large) and puts a fresh one in its place. */
  private replace(slot: Slot): void {
    if (slot.retired) return;
    slot.retired = true;
    const i = this.idle.indexOf(slot);
    if (i >= 0) this.idle.splice(i, 1);
    slot.child.kill('SIGKILL');
    if (!this.closed) this.release(this.spawn());
  }

  private settle(slot: Slot): Pending {
    const p = slot.pending!;
    slot.pending = undefined;
    clearTimeout(p.timer);
    clearInterval(p.poll);
    return p;
  }

  private finish(slot: Slot, o: Omit<Outcome, 'ms' | 'rssKb'> & { rssKb?: number }, retire = false): void {
    const p = this.settle(slot);
    p.resolve({ ...o, rssKb: Math.max(o.rssKb ?? 0, p.peakKb), ms: Date.now() - p.started });
    if (retire || o.crash || o.died || o.hang) this.replace(slot);
    else this.release(slot);
  }

  private reply(slot: Slot, m: RunReply): void {
    if (slot.pending?.id === m.id) {
      if ('crash' in m) this.finish(slot, { status: null, stdout: m.stdout, stderr: m.stderr, crash: m.crash });
      else this.finish(slot, { status: m.status, stdout: m.stdout, stderr: m.stderr, rssKb: m.rssKb });
      return;
    }
    if (!('crash' in m)) return;
    const ran = slot.ran.find((r) => r.id === m.id);
    if (ran !== undefined) this.late.push({ args: ran.args, crash: m.crash });
    if (slot.pending) {
      const p = this.settle(slot);
      p.resolve(this.run(p.args));
    }
    this.replace(slot);
  }

  private async acquire(): Promise<Slot> {
    for (;;) {
      const slot = this.idle.shift() ?? (await new Promise<Slot>((resolve) => this.waiting.push(resolve)));
      if (!slot.retired) return slot;
    }
  }

  /** Runs the CLI on `args` in the next free child. */
  async run(args: string[]): Promise<Outcome> {
    const slot = await this.acquire();
    return new Promise<Outcome>((resolve) => {
      const id = this.nextId++;
      const pending: Pending = {
        id,
        args,
        started: Date.now(),
        peakKb: 0,
        resolve,
        timer: setTimeout(() => this.finish(slot, { status: null, stdout: '', stderr: '', hang: true }), this.opts.timeoutMs),
        poll: setInterval(() => {
          pending.peakKb = Math.max(pending.peakKb, residentKb(slot.child.pid));
          if (pending.peakKb > this.opts.killAboveKb) this.finish(slot, { status: null, stdout: '', stderr: '', died: `stopped at ${pending.peakKb} kB resident` }, true);
        }, POLL_MS),
      };
      slot.pending = pending;
      slot.ran = [...slot.ran.slice(-1), { id, args }];
      slot.child.send({ id, args } satisfies RunRequest);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const closes = [...this.slots].map((s) => new Promise<void>((r) => (s.child.exitCode !== null || s.child.signalCode !== null ? r() : s.child.once('close', () => r()))));
    for (const s of this.slots) {
      s.retired = true;
      s.child.kill('SIGKILL');
    }
    await Promise.all(closes);
  }
}
