// `npm run bench`: ovsforensics against tcpdump and tshark side by side in one run, as one markdown
// report on stdout and in bench/results/<date>.md: live capture (top packet rate over a veth pair,
// the lab's TCP transfer), remote capture over SSH against local tcpdumps, analyze, correlate
// against analyze, growth with input size and points, then every target with its verdict. Root and
// the lab's packages needed. OVSF_BENCH_DIR (lab captures), OVSF_BENCH_RUNS (median of N, default
// 3), OVSF_BENCH_CAPTURE=0 (no capture parts), OVSF_BENCH_CAPTURE_BYTES (the transfer, default
// 300M), OVSF_BENCH_ONLY=capture|remote|analyze|correlate|growth (one part).

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { analyzeVsTcpdump } from './analyze.js';
import { captureModes, floodCapture, labCapture } from './capture.js';
import { correlateVsAnalyze } from './correlate.js';
import { ensureLabCaptures, labFile } from './data.js';
import { bound, notMeasured, type Target } from './figures.js';
import { growth } from './growth.js';
import { remoteVsTcpdump } from './remote.js';
import { machineSection, targetsSection, type Machine } from './report.js';

const PARTS = ['capture', 'remote', 'analyze', 'correlate', 'growth'] as const;
type Part = (typeof PARTS)[number];
/** Parts that capture live in the lab rather than read the lab's saved captures. */
const LIVE: readonly Part[] = ['capture', 'remote'];

function firstLine(file: string, args: string[]): string {
  const r = spawnSync(file, args, { encoding: 'utf8' });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n')[0] || `${file}: not found`;
}

function machine(): Machine {
  const cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu,
    cores: cpus().length,
    ramGB: totalmem() / 2 ** 30,
    kernel: release(),
    node: process.version,
    tcpdump: firstLine('tcpdump', ['--version']),
    tshark: firstLine('tshark', ['--version']),
    loadAverage: loadavg(),
  };
}

/** The parts this run does, and why each other one is left out. */
function partsToRun(): { run: Part[]; skipped: [Part, string][] } {
  const only = process.env.OVSF_BENCH_ONLY;
  if (only !== undefined && !PARTS.includes(only as Part)) {
    process.stderr.write(`bench: OVSF_BENCH_ONLY must be one of ${PARTS.join(', ')}, not ${JSON.stringify(only)}\n`);
    process.exit(2);
  }
  const why = (p: Part): string | undefined =>
    only !== undefined && p !== only ? `not run (OVSF_BENCH_ONLY=${only})` : LIVE.includes(p) && process.env.OVSF_BENCH_CAPTURE === '0' ? 'not run (OVSF_BENCH_CAPTURE=0)' : undefined;
  return { run: PARTS.filter((p) => why(p) === undefined), skipped: PARTS.flatMap((p): [Part, string][] => (why(p) === undefined ? [] : [[p, why(p)!]])) };
}

async function main(): Promise<number> {
  const dataDir = resolve(process.env.OVSF_BENCH_DIR ?? 'bench/data');
  const runs = Number(process.env.OVSF_BENCH_RUNS ?? 3);
  if (!Number.isInteger(runs) || runs < 1) {
    process.stderr.write(`bench: OVSF_BENCH_RUNS must be a whole number of 1 or more, not ${JSON.stringify(process.env.OVSF_BENCH_RUNS)}\n`);
    return 2;
  }
  const { run, skipped } = partsToRun();
  const m = machine();
  const sections: string[] = [];
  const say = (text: string): void => {
    sections.push(text);
    console.log(`${text}\n`);
  };
  const targets: Target[] = [];
  const analyzeRss: number[] = [];
  let failed = false;
  say(machineSection(m));
  say(`Medians of ${runs} runs (OVSF_BENCH_RUNS) after a warm-up where a part says so; lab captures in ${dataDir}. Parts: ${run.join(', ')}${skipped.length > 0 ? `; left out: ${skipped.map(([p, w]) => `${p} ${w}`).join(', ')}` : ''}.`);
  if (run.some((p) => !LIVE.includes(p))) {
    mkdirSync(dataDir, { recursive: true });
    ensureLabCaptures(dataDir);
  }
  const parts: Record<Part, () => Promise<void>> = {
    capture: async () => {
      const { modes, offFlag } = captureModes();
      say(
        [
          '## Live capture vs a concurrent tcpdump',
          '',
          `CPU is user + system from GNU time for each whole process tree, start-up included; ours includes its native engine, the pcapng merge and, when on, the live analysis worker. \"While capturing\" counts each tree's CPU (/proc/PID/stat, reaped children included) from the traffic's start until the stop, 1.5 s after its end; the rest is each tool's fixed start-up and wind-down (Node, the counters' programs, closing the files and, when on, finishing the analysis), shown in the last column. The targets hold the per-packet cost while capturing. ${offFlag ? `Analysis off: \`capture ${offFlag}\`.` : '`capture --help` has no flag to turn live analysis off: only analysis on is measured.'} The top packet rate: medians of the runs (OVSF_BENCH_RUNS) per mode; the lab's TCP transfer: one run per mode.`,
        ].join('\n'),
      );
      const flood = await floodCapture(modes, offFlag, runs);
      say(flood.text);
      targets.push(...flood.targets);
      const lab = await labCapture(modes, offFlag, process.env.OVSF_BENCH_CAPTURE_BYTES ?? '300M');
      say(lab.text);
      targets.push(...lab.targets);
    },
    remote: async () => {
      const r = await remoteVsTcpdump(process.env.OVSF_BENCH_CAPTURE_BYTES ?? '300M');
      say(r.text);
      targets.push(...r.targets);
    },
    analyze: async () => {
      const a = analyzeVsTcpdump(labFile(dataDir, 'hostB'), runs);
      say(a.text);
      targets.push(...a.targets);
      analyzeRss.push(a.ours.peakRssMB);
    },
    correlate: async () => {
      const c = correlateVsAnalyze(dataDir, runs);
      say(c.text);
      targets.push(...c.targets);
    },
    growth: async () => {
      const g = growth(dataDir, runs);
      say(g.text);
      targets.push(...g.targets);
      analyzeRss.push(...g.analyzePeakRssMB);
    },
  };
  for (const p of run) {
    try {
      await parts[p]();
    } catch (e) {
      failed = true;
      say(`## ${p}: FAILED\n\n${e instanceof Error ? e.message : String(e)}`);
      targets.push(notMeasured(`${p} targets`, `the part failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`));
    }
  }
  if (analyzeRss.length > 0) targets.push(bound('analyze peak RSS under 150 MB at any size measured', Math.max(...analyzeRss), 'under', 150, ' MB'));
  for (const [p, why] of skipped) targets.push(notMeasured(`${p} targets`, why));
  say(targetsSection(targets));

  const resultsDir = resolve('bench/results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${m.date.replace(/:/g, '').replace(/\d{2}Z$/, 'Z')}.md`);
  writeFileSync(file, `${sections.join('\n\n')}\n`);
  process.stderr.write(`bench: report written to ${file}\n`);
  return failed ? 1 : 0;
}

process.exitCode = await main();
