// Shared by the tests that build the lab: the root gate, the CLI as a child process, captures on
// hostB's underlay, and the check that nothing of the lab is left.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dockerAnswers, dockerContainersLabeled } from '../../src/host/docker.js';
import { ipLinksIn, ipNetnsList } from '../../src/host/ip.js';
import { pidsMentioning, startBackground } from '../../src/host/process.js';
import { run, type RunResult } from '../../src/host/run.js';
import { tcpdumpStart, type TcpdumpStats } from '../../src/host/tcpdump.js';
import type { LabStatus } from '../../src/lab/index.js';
import { LAB_RUN_DIR } from '../../src/lab/paths.js';
import { PRIVATE_DOCKER_HOST } from '../../src/lab/runtime-docker.js';
import { LAB_LABEL, NETNS_PREFIX } from '../../src/lab/topology.js';
import { assertOutputMatchesSchema } from '../schema/validate.js';

export const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));

const isRoot = process.getuid?.() === 0;
/**
 * node:test's `skip` for lab tests: they run as root; under CI they also run when not root (and
 * fail, loudly); only a developer's non-root run skips them, saying why.
 */
export const LAB_SKIP: string | false = isRoot || process.env.CI ? false : 'lab tests need root (sudo npm test); CI runs them';

export function cli(args: readonly string[], timeoutMs = 180_000, env?: Record<string, string>): Promise<RunResult> {
  return run(process.execPath, [CLI, ...args], { timeoutMs, env });
}

/** Runs the CLI and parses its JSON, whatever its exit status (1 means findings). */
export async function cliJson<T>(args: readonly string[], timeoutMs?: number): Promise<{ exitCode: number; json: T }> {
  const r = await cli([...args, '--json'], timeoutMs);
  assert.ok(r.stdout.trim().startsWith('{'), `${r.command}: exit ${r.exitCode}, stderr: ${r.stderr}`);
  const json = JSON.parse(r.stdout) as T;
  assertOutputMatchesSchema(args, json);
  return { exitCode: r.exitCode, json };
}

export async function labUp(...flags: string[]): Promise<void> {
  const r = await cli(['lab', 'up', ...flags]);
  assert.equal(r.exitCode, 0, `${r.command}: ${r.stderr}`);
}

export async function labDown(): Promise<void> {
  const r = await cli(['lab', 'down']);
  assert.equal(r.exitCode, 0, `${r.command}: ${r.stderr}`);
}

/** Polls until check() gives an empty list, or fails with what is still there at the deadline. */
export async function until(what: string, check: () => Promise<string[]> | string[], deadlineMs = 15_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  let left = await check();
  while (left.length > 0 && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 200));
    left = await check();
  }
  assert.deepEqual(left, [], what);
}

export const labStatus = async (): Promise<LabStatus> => (await cliJson<LabStatus>(['lab', 'status'])).json;

const scratch: string[] = [];
// Captures run to 100+ MB: removed when the test file's process ends, unless OVSF_KEEP_CAPTURES is set.
process.on('exit', () => {
  if (!process.env.OVSF_KEEP_CAPTURES) for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

export function scratchDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `ovsf-${name}-`));
  scratch.push(dir);
  return dir;
}

/** Runs action while tcpdump records hostB's underlay (eth0) into file. */
export async function captureHostB<T>(file: string, action: () => Promise<T>): Promise<{ result: T; stats: TcpdumpStats }> {
  const capture = await tcpdumpStart({ netns: `${NETNS_PREFIX}hostB` }, 'eth0', file, ['udp', 'port', '4789']);
  try {
    const result = await action();
    return { result, stats: await capture.stop() };
  } catch (e) {
    await capture.stop();
    throw e;
  }
}

/** The `analyze --json` fields these tests read (docs/schema/analysis.schema.json). */
export interface AnalysisJson {
  packets: number;
  segments: { valid: number; offload: number; corrupt: number; unverifiable: number; absent: number };
  findings: { kind: string; count: number }[];
}

export const analyze = (file: string): Promise<{ exitCode: number; json: AnalysisJson }> => cliJson<AnalysisJson>(['analyze', file, '--no-progress'], 600_000);

/** How many checksums `tcpdump -vv` calls incorrect in the file (it checks the inner TCP of VXLAN). */
export async function tcpdumpIncorrect(file: string): Promise<number> {
  const r = await run('tcpdump', ['-vv', '-n', '-r', file], { timeoutMs: 600_000 });
  assert.equal(r.exitCode, 0, r.stderr);
  return (r.stdout.match(/incorrect/g) ?? []).length;
}

/** Everything the lab could leave behind, as a list of what is still there. */
export async function leftovers(): Promise<string[]> {
  const left: string[] = [];
  left.push(...(await ipNetnsList()).filter((n) => n.startsWith(NETNS_PREFIX)).map((n) => `netns ${n}`));
  // The root namespace's ends of the management links.
  left.push(...(await ipLinksIn(undefined)).links.filter((l) => l.ifname.startsWith(NETNS_PREFIX)).map((l) => `link ${l.ifname}`));
  left.push(...pidsMentioning(LAB_RUN_DIR).map((p) => `process ${p}`));
  if (existsSync(LAB_RUN_DIR)) left.push(LAB_RUN_DIR);
  for (const host of [undefined, PRIVATE_DOCKER_HOST]) {
    if (await dockerAnswers(host)) left.push(...(await dockerContainersLabeled(host, `${LAB_LABEL}=1`)).map((id) => `container ${id}`));
  }
  return left;
}

/** The four capture points of the path, in path order: name, `capture` flag and target, interface name suffix. */
export const FOUR_POINTS = [
  ['ctrA', '--container', 'test_mac', '/test_mac/eth1'],
  ['hostA', '--netns', 'ovsf-hostA:eth0', '/ovsf-hostA/eth0'],
  ['hostB', '--netns', 'ovsf-hostB:eth0', '/ovsf-hostB/eth0'],
  ['ctrB', '--container', 'test_mac_2', '/test_mac_2/eth1'],
] as const;

/** One `capture` of the four points into one pcapng while `lab traffic` runs: the file and the transfer. */
export async function captureFourPoints(name: string, traffic: readonly string[], filter: readonly string[] = []): Promise<{ file: string; transfer: { exitCode: number; json: TrafficJson } }> {
  const file = join(scratchDir(name), 'path.pcapng');
  const capture = startBackground(process.execPath, [CLI, 'capture', ...FOUR_POINTS.flatMap(([, flag, target]) => [flag, target]), '-w', file, '--no-status', ...filter], {
    timeoutMs: 300_000,
  });
  await capture.waitForLine('stderr', /capturing with .* on 4 points/, 30_000);
  const transfer = await cliJson<TrafficJson>(['lab', 'traffic', ...traffic]);
  // Let the last ring blocks reach the children before stopping them.
  await new Promise((r) => setTimeout(r, 1500));
  const stopped = await capture.stop('SIGINT');
  assert.ok(stopped.exitCode === 0 || stopped.exitCode === 1, stopped.stderr);
  return { file, transfer };
}

/** The `lab traffic --json` fields (docs/schema/lab-traffic.schema.json). */
export interface TrafficJson {
  delivered: number;
  bytes: number;
  intact: boolean;
  seconds: number;
  throughputMBps: number;
}
