// Live capture against tcpdump on the same interface at the same time: (a) at the top packet rate,
// small UDP datagrams over the bench's own veth pair; (b) on hostB's underlay during the lab's TCP
// transfer. Each with live analysis on and, when `capture --help` offers a flag for it, off.
// Reported: packets each wrote, the kernel's ps_recv/ps_drop for each, CPU per packet and the ratio:
// over the whole run (start-up and wind-down included: Node, the counters' programs, the files) and
// while capturing (from the traffic's start until the stop, 1.5 s after its end): what each packet
// costs. The targets hold the second; the first minus it is each tool's fixed cost, shown too.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCapture } from '../src/pcap/index.js';
import { bound, medianBy, notMeasured, ratio, type Target } from './figures.js';
import { FLOOD_FILTER, GENERATORS, PAYLOAD_BYTES, type FloodRun, type Generator } from './generators.js';
import { CLI } from './measure.js';
import { fixed, table } from './report.js';
import { rxPackets, VETH, withVethPair } from './veth.js';

const FLOOD_SECONDS = 5;
const CALIBRATION_SECONDS = 2;

export interface CaptureSide {
  /** Frames in the file. */
  caught: number;
  /** libpcap ps_recv (tcpdump: "received by filter"). */
  psRecv: number;
  /** libpcap ps_drop (tcpdump: "dropped by kernel"). */
  psDrop: number;
  cpuSeconds: number;
  /** CPU per frame caught. */
  cpuMicrosPerPacket: number | undefined;
  /** CPU from the traffic's start until the stop, per frame caught. */
  trafficMicrosPerPacket: number | undefined;
  /** CPU outside that window: start-up and wind-down. */
  fixedSeconds: number;
  /** Frames the live analysis shed (ours). */
  shed?: number;
}

export interface Mode {
  name: string;
  args: string[];
}

/** The option of `capture --help` that turns live analysis off, if there is one. */
export function analysisOffFlag(help: string): string | undefined {
  return /(--no-(?:live-)?analy[sz]\w*|--no-live)\b/.exec(help)?.[1];
}

interface Timed {
  /** The program GNU time runs. */
  pid: () => number | undefined;
  done: Promise<void>;
  running: () => boolean;
  stop: () => void;
  cpuSeconds: () => number;
  stderr: () => string;
  stdout: () => string;
}

/** A program under GNU time (user + system CPU, its waited-for children included). */
function timed(file: string, args: string[], dir: string, name: string): Timed {
  const timing = join(dir, `${name}.time`);
  let stderr = '';
  let stdout = '';
  let running = true;
  const child = spawn('/usr/bin/time', ['-f', '%U %S', '-o', timing, file, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // The summary only (a capture's analysis is a few KB): its shed count.
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const done = new Promise<void>((r) =>
    child.once('close', () => {
      running = false;
      r();
    }),
  );
  const pid = (): number | undefined => {
    try {
      return Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(' ')[0]) || undefined;
    } catch {
      return undefined;
    }
  };
  return {
    pid,
    done,
    running: () => running,
    // GNU time ignores SIGINT while it waits: interrupt the program it runs.
    stop: () => {
      const p = pid();
      try {
        if (p) process.kill(p, 'SIGINT');
      } catch {
        // the program has ended already
      }
    },
    cpuSeconds: () => {
      const [u, s] = readFileSync(timing, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
      return u! + s!;
    },
    stderr: () => stderr,
    stdout: () => stdout,
  };
}

/** CPU seconds of a process tree so far: each process's own and its reaped children's (/proc/PID/stat fields 14-17, USER_HZ 100). */
function treeCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ').filter(Boolean).map(Number);
    return (f[11]! + f[12]! + f[13]! + f[14]!) / 100 + kids.reduce((n, k) => n + treeCpuSeconds(k), 0);
  } catch {
    return 0;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitFor(t: Timed, pattern: RegExp, who: string): Promise<void> {
  for (let waited = 0; !pattern.test(t.stderr()); waited += 100) {
    if (waited > 30_000 || !t.running()) throw new Error(`${who} did not start: ${t.stderr().trim()}`);
    await sleep(100);
  }
}

function cli(args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`ovsforensics ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const perPacket = (cpu: number, caught: number): number | undefined => (caught > 0 ? (cpu * 1e6) / caught : undefined);

/** Both tools on netns:iface with the same filter while `drive` makes the traffic. */
async function sideBySide<T>(netns: string, iface: string, filter: string[], mode: Mode, drive: () => Promise<T>): Promise<{ ours: CaptureSide; tcpdump: CaptureSide; driven: T }> {
  const dir = mkdtempSync(join(tmpdir(), 'ovsf-bench-capture-'));
  const started: Timed[] = [];
  try {
    const ourFile = join(dir, 'ours.pcapng');
    const ours = timed(process.execPath, [CLI, 'capture', '--netns', `${netns}:${iface}`, '-w', ourFile, '--no-status', ...mode.args, ...filter], dir, 'ours');
    started.push(ours);
    await waitFor(ours, /capturing with/, 'ovsforensics capture');
    const theirs = timed('ip', ['netns', 'exec', netns, 'tcpdump', '-i', iface, '-s', '262144', '-w', join(dir, 'tcpdump.pcap'), ...filter], dir, 'tcpdump');
    started.push(theirs);
    await waitFor(theirs, /listening on/, 'tcpdump');
    const before = { ours: treeCpuSeconds(ours.pid()), theirs: treeCpuSeconds(theirs.pid()) };
    const driven = await drive();
    // The kernel hands over ring blocks up to a second late: let both read the last one.
    await sleep(1_500);
    const window = { ours: treeCpuSeconds(ours.pid()) - before.ours, theirs: treeCpuSeconds(theirs.pid()) - before.theirs };
    theirs.stop();
    await theirs.done;
    ours.stop();
    await ours.done;

    const { summary } = await readCapture(ourFile, () => {});
    const stats = summary.interfaces[0]?.stats ?? {};
    const oursCpu = ours.cpuSeconds();
    const num = (re: RegExp): number => Number(re.exec(theirs.stderr())?.[1] ?? 0);
    const caught = num(/(\d+) packets? captured/);
    const theirCpu = theirs.cpuSeconds();
    return {
      ours: { shed: Number(/analysis shed ([\d,]+) packets/.exec(ours.stdout())?.[1]?.replace(/,/g, '') ?? 0), caught: summary.packets, psRecv: stats.ifrecv ?? 0, psDrop: stats.osdrop ?? 0, cpuSeconds: oursCpu, cpuMicrosPerPacket: perPacket(oursCpu, summary.packets), trafficMicrosPerPacket: perPacket(window.ours, summary.packets), fixedSeconds: oursCpu - window.ours },
      tcpdump: {
        caught,
        psRecv: num(/(\d+) packets? received by filter/),
        psDrop: num(/(\d+) packets? dropped by kernel/),
        cpuSeconds: theirCpu,
        cpuMicrosPerPacket: perPacket(theirCpu, caught),
        trafficMicrosPerPacket: perPacket(window.theirs, caught),
        fixedSeconds: theirCpu - window.theirs,
      },
      driven,
    };
  } finally {
    for (const t of started.filter((s) => s.running())) {
      t.stop();
      await t.done;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

interface ModeResult {
  mode: Mode;
  ours: CaptureSide;
  tcpdump: CaptureSide;
}

export interface CapturePart {
  text: string;
  targets: Target[];
}

function modesTable(results: ModeResult[]): string {
  const rows = results.flatMap(({ mode, ours, tcpdump }) => [
    [
      `ovsforensics capture, analysis ${mode.name}`,
      ours.caught,
      ours.psRecv,
      ours.psDrop,
      fixed(ours.cpuSeconds),
      fixed(ours.cpuMicrosPerPacket),
      fixed(ratio(ours.cpuMicrosPerPacket ?? NaN, tcpdump.cpuMicrosPerPacket ?? 0)),
      fixed(ours.trafficMicrosPerPacket),
      fixed(trafficRatio(ours, tcpdump)),
      fixed(ours.fixedSeconds),
    ],
    [
      `tcpdump -w (concurrent)`,
      tcpdump.caught,
      tcpdump.psRecv,
      tcpdump.psDrop,
      fixed(tcpdump.cpuSeconds),
      fixed(tcpdump.cpuMicrosPerPacket),
      '1',
      fixed(tcpdump.trafficMicrosPerPacket),
      '1',
      fixed(tcpdump.fixedSeconds),
    ],
  ]);
  return table(['tool', 'caught (in its file)', 'ps_recv', 'ps_drop', 'CPU s (whole run)', 'CPU µs/packet', 'vs tcpdump', 'while capturing: CPU µs/packet', 'vs tcpdump', 'start-up + wind-down CPU s'], rows);
}

/** CPU per packet while capturing, ours against tcpdump's: what the targets hold. */
function trafficRatio(ours: CaptureSide, tcpdump: CaptureSide): number | undefined {
  return ratio(ours.trafficMicrosPerPacket ?? NaN, tcpdump.trafficMicrosPerPacket ?? 0);
}

const shedNote = (ours: CaptureSide): string => (ours.shed ? `; the live analysis shed ${ours.shed} of the ${ours.caught} packets (all are in the file)` : '');

const LIMIT: Record<string, number> = { on: 3, off: 1.5 };

function cpuTargets(where: string, results: ModeResult[], offFlag: string | undefined): Target[] {
  return ['on', 'off'].map((name) => {
    const goal = `capture CPU/packet (while capturing) with live analysis ${name}, ${where}: at most ${LIMIT[name]}x tcpdump's`;
    const r = results.find((m) => m.mode.name === name);
    if (!r) return notMeasured(goal, offFlag === undefined && name === 'off' ? '`capture --help` has no flag to turn live analysis off' : 'not run');
    return bound(goal, trafficRatio(r.ours, r.tcpdump), 'at most', LIMIT[name]!, 'x');
  });
}

export function captureModes(): { modes: Mode[]; offFlag: string | undefined } {
  const offFlag = analysisOffFlag(cli(['capture', '--help']));
  return { modes: [{ name: 'on', args: [] }, ...(offFlag ? [{ name: 'off', args: [offFlag] }] : [])], offFlag };
}

async function pickGenerator(): Promise<{ generator: Generator; calibration: FloodRun[] }> {
  const calibration: FloodRun[] = [];
  for (const g of GENERATORS) calibration.push(await g.run(CALIBRATION_SECONDS));
  const best = calibration.reduce((a, b) => (b.sent > a.sent ? b : a));
  return { generator: GENERATORS.find((g) => g.name === best.generator)!, calibration };
}

/** (a): the top packet rate over the bench's veth pair. */
export async function floodCapture(modes: Mode[], offFlag: string | undefined, runs: number): Promise<CapturePart> {
  return withVethPair(async () => {
    const { generator, calibration } = await pickGenerator();
    type FloodResult = ModeResult & { flood: FloodRun; rx: number };
    const all: FloodResult[][] = modes.map(() => []);
    // The modes in turn, so a change in the machine's load falls on both alike.
    for (let run = 0; run < runs; run++) {
      for (const [k, mode] of modes.entries()) {
        const { ours, tcpdump, driven } = await sideBySide(VETH.rx, VETH.rx, FLOOD_FILTER, mode, async () => {
          const before = rxPackets();
          const flood = await generator.run(FLOOD_SECONDS);
          return { flood, rx: rxPackets() - before };
        });
        all[k]!.push({ mode, ours, tcpdump, ...driven });
      }
    }
    // Each mode's run with the median ratio while capturing, shown whole; the others' ratios listed.
    const results = all.map((rs) => medianBy(rs, (r) => trafficRatio(r.ours, r.tcpdump) ?? Infinity));
    const text = [
      `### (a) top packet rate: ${PAYLOAD_BYTES}-byte UDP datagrams over a veth pair (${VETH.tx} → ${VETH.rx}), captured on ${VETH.rx}`,
      '',
      `Generator calibration (${CALIBRATION_SECONDS} s each, no capture): ${calibration.map((c) => `${c.generator}: ${Math.round(c.sent / c.seconds)} packets/s`).join('; ')}. Used: ${generator.name}.`,
      '',
      `${runs} run${runs === 1 ? '' : 's'} per mode, the modes in turn; the table shows each mode's run with the median CPU ratio while capturing. Ratios of every run: ${all.map((rs) => `analysis ${rs[0]!.mode.name} ${rs.map((r) => fixed(trafficRatio(r.ours, r.tcpdump))).join(', ')}`).join('; ')}.`,
      '',
      ...results.flatMap((r) => [
        `Analysis ${r.mode.name} (that run): ${r.flood.sent} datagrams sent in ${FLOOD_SECONDS} s (${Math.round(r.flood.sent / FLOOD_SECONDS)} packets/s, the generator's own count); ${r.rx} received by ${VETH.rx} (its kernel counter, all traffic)${shedNote(r.ours)}.`,
        '',
      ]),
      modesTable(results),
    ].join('\n');
    // Caught at least as many as tcpdump in every run, not only the median one.
    const caughtTargets = ['on', 'off'].map((name) => {
      const goal = `capture at the top packet rate, live analysis ${name}: packets caught at least tcpdump's`;
      const rs = all.find((m) => m[0]!.mode.name === name);
      if (!rs) return notMeasured(goal, offFlag === undefined && name === 'off' ? '`capture --help` has no flag to turn live analysis off' : 'not run');
      const worst = rs.reduce((a, b) => (b.ours.caught - b.tcpdump.caught < a.ours.caught - a.tcpdump.caught ? b : a));
      return { goal, measured: `worst of ${rs.length} runs: ${worst.ours.caught} against ${worst.tcpdump.caught} (of ${worst.flood.sent} sent)`, met: rs.every((r) => r.ours.caught >= r.tcpdump.caught) };
    });
    return { text, targets: [...cpuTargets('top packet rate', results, offFlag), ...caughtTargets] };
  });
}

/** (b): hostB's underlay during the lab's TCP transfer (brought up and down when it is not up). */
export async function labCapture(modes: Mode[], offFlag: string | undefined, bytes: string): Promise<CapturePart> {
  const status = JSON.parse(cli(['lab', 'status', '--json'])) as { hosts: unknown[] };
  const broughtUp = status.hosts.length === 0;
  if (broughtUp) cli(['lab', 'up', '--runtime', 'netns', '--offload', 'off']);
  try {
    const results: (ModeResult & { transfer: { bytes: number; throughputMBps: number } })[] = [];
    for (const mode of modes) {
      const { ours, tcpdump, driven } = await sideBySide('ovsf-hostB', 'eth0', ['udp', 'port', '4789'], mode, async () =>
        JSON.parse(cli(['lab', 'traffic', '--bytes', bytes, '--timeout', '300', '--json'])) as { bytes: number; throughputMBps: number },
      );
      results.push({ mode, ours, tcpdump, transfer: driven });
    }
    const text = [
      `### (b) the lab's TCP transfer: hostB's underlay (ovsf-hostB:eth0, filter udp port 4789, VXLAN, offload off)`,
      '',
      ...results.flatMap((r) => [`Analysis ${r.mode.name}: ${(r.transfer.bytes / 1e6).toFixed(0)} MB at ${r.transfer.throughputMBps.toFixed(0)} MB/s${shedNote(r.ours)}.`, '']),
      modesTable(results),
    ].join('\n');
    return { text, targets: cpuTargets("lab's TCP transfer", results, offFlag) };
  } finally {
    if (broughtUp) cli(['lab', 'down']);
  }
}
