// Live capture against tcpdump on the same interface at the same time (docs/design.md, Performance
// targets): hostB's underlay in the lab during its top-rate transfer (300 MB, offload off).
// Reported: the share of the frames that passed the filter which each wrote to its file, both drop
// counts, and CPU per packet — ours including the pcapng merge and the live analysis.
// `npm run bench` calls benchCapture().

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readCapture } from '../src/pcap/index.js';

const CLI = resolve('dist/src/cli.js');
const NETNS = 'ovsf-hostB';
const FILTER = ['udp', 'port', '4789'];

export interface CaptureBenchSide {
  tool: string;
  /** Frames in the file. */
  captured: number;
  /** Frames that passed the filter (libpcap ps_recv / tcpdump "received by filter"). */
  received: number;
  droppedByKernel: number;
  cpuSeconds: number;
  cpuMicrosPerPacket: number;
}

export interface CaptureBenchResult {
  transferMB: number;
  throughputMBps: number;
  ovsforensics: CaptureBenchSide;
  tcpdump: CaptureBenchSide;
  /** Issue 4's target: our captured share at least tcpdump's. */
  met: boolean;
}

interface Timed {
  done: Promise<void>;
  stop: () => void;
  cpuSeconds: () => number;
  stderr: () => string;
}

/** A program under GNU time (user + system CPU, its waited-for children included). */
function timed(file: string, args: string[], dir: string, name: string): Timed {
  const timing = join(dir, `${name}.time`);
  let stderr = '';
  const child = spawn('/usr/bin/time', ['-f', '%U %S', '-o', timing, file, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<void>((r) => child.once('close', () => r()));
  return {
    done,
    // GNU time ignores SIGINT while it waits: interrupt the program it runs.
    stop: () => {
      const [pid] = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(' ').map(Number);
      if (pid) process.kill(pid, 'SIGINT');
    },
    cpuSeconds: () => {
      const [u, s] = readFileSync(timing, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
      return u! + s!;
    },
    stderr: () => stderr,
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitFor(t: Timed, pattern: RegExp): Promise<void> {
  for (let waited = 0; !pattern.test(t.stderr()); waited += 100) {
    if (waited > 30_000) throw new Error(`no ${pattern} from capture: ${t.stderr()}`);
    await sleep(100);
  }
}

function cli(args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`ovsforensics ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

export async function benchCapture(bytes = '300M'): Promise<CaptureBenchResult> {
  const status = JSON.parse(cli(['lab', 'status', '--json'])) as { hosts: unknown[] };
  const broughtUp = status.hosts.length === 0;
  if (broughtUp) cli(['lab', 'up', '--runtime', 'netns', '--offload', 'off']);
  const dir = mkdtempSync(join(tmpdir(), 'ovsf-bench-capture-'));
  try {
    const ourFile = join(dir, 'ours.pcapng');
    const ours = timed(process.execPath, [CLI, 'capture', '--netns', `${NETNS}:eth0`, '-w', ourFile, '--no-status', ...FILTER], dir, 'ours');
    await waitFor(ours, /capturing with/);
    const theirs = timed('ip', ['netns', 'exec', NETNS, 'tcpdump', '-i', 'eth0', '-s', '262144', '-w', join(dir, 'tcpdump.pcap'), ...FILTER], dir, 'tcpdump');
    await waitFor(theirs, /listening on/);
    const traffic = JSON.parse(cli(['lab', 'traffic', '--bytes', bytes, '--timeout', '300', '--json'])) as { bytes: number; throughputMBps: number; intact: boolean };
    // The kernel hands over ring blocks up to a second late: let both read the last one.
    await sleep(1_500);
    theirs.stop();
    await theirs.done;
    ours.stop();
    await ours.done;

    const { summary } = await readCapture(ourFile, () => {});
    const stats = summary.interfaces[0]?.stats ?? {};
    const side = (tool: string, captured: number, received: number, dropped: number, cpu: number): CaptureBenchSide => ({
      tool,
      captured,
      received,
      droppedByKernel: dropped,
      cpuSeconds: cpu,
      cpuMicrosPerPacket: captured > 0 ? (cpu * 1e6) / captured : 0,
    });
    const num = (re: RegExp): number => Number(re.exec(theirs.stderr())?.[1] ?? 0);
    const o = side('ovsforensics capture (libpcap child + pcapng merge + live analysis)', summary.packets, stats.ifrecv ?? 0, stats.osdrop ?? 0, ours.cpuSeconds());
    const t = side('tcpdump -w (defaults: 2 MB buffer)', num(/(\d+) packets? captured/), num(/(\d+) packets? received by filter/), num(/(\d+) packets? dropped by kernel/), theirs.cpuSeconds());
    const share = (s: CaptureBenchSide): number => (s.received > 0 ? s.captured / s.received : 0);
    return { transferMB: traffic.bytes / 1e6, throughputMBps: traffic.throughputMBps, ovsforensics: o, tcpdump: t, met: share(o) >= share(t) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (broughtUp) cli(['lab', 'down']);
  }
}

/** Markdown lines for the bench report. */
export function renderCaptureBench(r: CaptureBenchResult): string {
  const row = (s: CaptureBenchSide): string =>
    `| ${s.tool} | ${s.captured} | ${s.received} | ${s.received > 0 ? ((100 * s.captured) / s.received).toFixed(2) : '-'}% | ${s.droppedByKernel} | ${s.cpuSeconds.toFixed(2)} | ${s.cpuMicrosPerPacket.toFixed(2)} |`;
  return [
    `live capture on hostB's underlay during a ${r.transferMB.toFixed(0)} MB transfer at ${r.throughputMBps.toFixed(0)} MB/s (filter udp port 4789), concurrently:`,
    '',
    '| tool | captured | passed filter | share | kernel drops | CPU s | CPU µs/packet |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    row(r.ovsforensics),
    row(r.tcpdump),
    '',
    `capture target (share at least tcpdump's): ${r.met ? 'met' : 'NOT met'}`,
  ].join('\n');
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve('dist/bench/capture.js')) {
  console.log(renderCaptureBench(await benchCapture(process.env.OVSF_BENCH_CAPTURE_BYTES ?? '300M')));
}
