// Remote capture over SSH against concurrent local tcpdumps (docs/remote-capture.md): one
// `capture --host hostA=… --host hostB=…` of four points on the lab's two hosts during the lab's
// TCP transfer, and a tcpdump in each point's namespace, each side with the same kernel buffer. Per
// point: the frames of our merged file (that point's interface block) inside the time its tcpdump
// ran, against the frames in tcpdump's file, both counted with our reader; tcpdump's own counts
// beside them. The figure is how many frames tcpdump caught that we did not: where tcpdump drops
// (the kernel counts them), catching more than it is no shortfall.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabStatus } from '../src/lab/index.js';
import { startBackground } from '../src/host/process.js';
import { tcpdumpStart, type TcpdumpStats } from '../src/host/tcpdump.js';
import { readCapture } from '../src/pcap/index.js';
import type { CapturePart } from './capture.js';
import { bound, notMeasured } from './figures.js';
import { CLI } from './measure.js';
import { fixed, table } from './report.js';

/** Per point: its capture flag, the spec on its host, its label in the merged file, the namespace and interface tcpdump runs on. */
const POINTS = [
  ['--container', 'hostA:test_mac:eth1', 'hostA/test_mac/eth1', 'ovsf-test_mac', 'eth1'],
  ['-i', 'hostA:eth0', 'hostA/ovsf-hostA/eth0', 'ovsf-hostA', 'eth0'],
  ['-i', 'hostB:eth0', 'hostB/ovsf-hostB/eth0', 'ovsf-hostB', 'eth0'],
  ['--container', 'hostB:test_mac_2:eth1', 'hostB/test_mac_2/eth1', 'ovsf-test_mac_2', 'eth1'],
] as const;

/** The figure: per point, at most this share (percent) fewer frames than a concurrent tcpdump. */
const LIMIT_PERCENT = 0.5;
/** Each side's kernel buffer per point: our default. */
const BUFFER_MB = 128;

function cli(args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`ovsforensics ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const nanos = (rec: { tsSec: number; tsNsec: number }): bigint => BigInt(rec.tsSec) * 1_000_000_000n + BigInt(rec.tsNsec);

interface PointCount {
  label: string;
  ours: number;
  /** Frames in tcpdump's file (our reader). */
  tcpdump: number;
  stats: TcpdumpStats;
  /** ISB drops our capture recorded for the point (libpcap's, on its host). */
  oursDropped: number;
}

/** Per point: tcpdump's file counted whole, and ours over the first to last timestamp of tcpdump's. */
async function countPoints(merged: string, tcpdumpFiles: string[], stats: TcpdumpStats[]): Promise<PointCount[]> {
  const windows = await Promise.all(
    tcpdumpFiles.map(async (f) => {
      const w = { first: -1n, last: -1n, count: 0 };
      await readCapture(f, (rec) => {
        if (w.first < 0n) w.first = nanos(rec);
        w.last = nanos(rec);
        w.count++;
      });
      return w;
    }),
  );
  const ours = POINTS.map(() => 0);
  const { summary } = await readCapture(merged, (rec, s) => {
    const i = POINTS.findIndex((p) => p[2] === s.interfaces[rec.interfaceId]?.name);
    const w = windows[i];
    if (w !== undefined && nanos(rec) >= w.first && nanos(rec) <= w.last) ours[i]!++;
  });
  return POINTS.map((p, i) => {
    const st = summary.interfaces.find((x) => x.name === p[2])?.stats;
    return { label: p[2], ours: ours[i]!, tcpdump: windows[i]!.count, stats: stats[i]!, oursDropped: (st?.osdrop ?? 0) + (st?.ifdrop ?? 0) };
  });
}

/** The four-point remote capture and the tcpdumps during one transfer of `bytes`. */
async function measure(status: LabStatus, bytes: string, dir: string): Promise<{ counts: PointCount[]; transfer: { bytes: number; throughputMBps: number }; seconds: number }> {
  const ssh = ['--ssh-config', status.hosts[0]!.ssh!.config, ...status.hosts.flatMap((h) => ['--host', `${h.name}=${h.ssh!.target}`])];
  const merged = join(dir, 'remote.pcapng');
  const args = [CLI, 'capture', ...ssh, '--remote-command', `${process.execPath} ${CLI}`, ...POINTS.flatMap(([flag, spec]) => [flag, spec]), '-w', merged, '--buffer-size', String(BUFFER_MB), '--no-status'];
  const ours = startBackground(process.execPath, args, { timeoutMs: 900_000 });
  try {
    await ours.waitForLine('stderr', /capturing with .* on 4 points/, 120_000);
    const files = POINTS.map((_, i) => join(dir, `tcpdump-${i}.pcap`));
    const tcpdumps = await Promise.all(POINTS.map(([, , , netns, iface], i) => tcpdumpStart({ netns }, iface, files[i]!, [], { bufferKiB: BUFFER_MB * 1024, packetBuffered: false })));
    const started = Date.now();
    const transfer = JSON.parse(cli(['lab', 'traffic', '--bytes', bytes, '--timeout', '600', '--json'])) as { bytes: number; throughputMBps: number };
    const seconds = (Date.now() - started) / 1000;
    const stats = await Promise.all(tcpdumps.map((t) => t.stop()));
    const r = await ours.stop('SIGINT');
    if (r.exitCode !== 0 && r.exitCode !== 1) throw new Error(`remote capture: exit ${r.exitCode}: ${r.stderr}`);
    return { counts: await countPoints(merged, files, stats), transfer, seconds };
  } finally {
    await ours.stop('SIGINT');
  }
}

/** The lab (brought up with a healthy overlay when it is not up, and down again), one measured transfer. */
export async function remoteVsTcpdump(bytes: string): Promise<CapturePart> {
  const goal = `remote capture of 4 points during a ${bytes}B transfer: per point at most ${LIMIT_PERCENT}% fewer frames than a concurrent tcpdump with the same buffer`;
  let status = JSON.parse(cli(['lab', 'status', '--json'])) as LabStatus;
  const broughtUp = status.hosts.length === 0;
  if (broughtUp) {
    cli(['lab', 'up', '--runtime', 'netns', '--offload', 'off']);
    status = JSON.parse(cli(['lab', 'status', '--json'])) as LabStatus;
  }
  const dir = mkdtempSync(join(tmpdir(), 'ovsf-bench-remote-'));
  try {
    if (status.hosts.some((h) => h.ssh === undefined)) return { text: '## Remote capture over SSH\n\nThe lab that is up has no sshd: not measured.', targets: [notMeasured(goal, 'the running lab has no ssh targets')] };
    const { counts, transfer, seconds } = await measure(status, bytes, dir);
    const signed = counts.map((c) => (c.tcpdump === 0 ? Infinity : ((c.ours - c.tcpdump) / c.tcpdump) * 100));
    const off = signed.map((s) => Math.max(0, -s));
    const worst = off.indexOf(Math.max(...off));
    const text = [
      '## Remote capture over SSH vs concurrent local tcpdumps',
      '',
      `One \`capture --host hostA=… --host hostB=…\` of 4 points (the remote sides run \`capture … -w - --spool --no-analysis\` over ssh, the local side merges and analyses) while a \`tcpdump -B ${BUFFER_MB * 1024} -w\` runs in each point's namespace, each with a ${BUFFER_MB} MiB kernel buffer; ${(transfer.bytes / 1e6).toFixed(0)} MB over the lab's overlay (offload off) at ${transfer.throughputMBps.toFixed(0)} MB/s, ${seconds.toFixed(1)} s. Both files counted with our reader: ours over the first to last timestamp of tcpdump's file (the hosts share this machine's clock); tcpdump's own counts beside it ("received" = what crossed the point, its file's frames + its kernel drops). The difference is ours against tcpdump's file, signed; the target counts only frames tcpdump caught and we did not.`,
      '',
      table(
        ['point', 'ours (in tcpdump\'s time)', 'tcpdump (its file)', 'tcpdump "received"', 'tcpdump dropped', 'ours dropped (ISB)', 'difference'],
        counts.map((c, i) => [c.label, c.ours, c.tcpdump, c.stats.received, c.stats.dropped, c.oursDropped, `${signed[i]! > 0 ? '+' : ''}${fixed(signed[i])}%`]),
      ),
    ].join('\n');
    const target = bound(goal, off[worst], 'at most', LIMIT_PERCENT, '%');
    if (target.met !== undefined) target.measured = `worst ${fixed(off[worst])}% fewer at ${counts[worst]!.label} (${counts[worst]!.ours} against ${counts[worst]!.tcpdump}); at most ${LIMIT_PERCENT}%`;
    return { text, targets: [target] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (broughtUp) cli(['lab', 'down']);
  }
}
