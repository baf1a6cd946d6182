// A live capture from start to end: resolve the targets (and mirror OVS ports), start one capture
// program per target and one remote capture per ssh host (remote.ts), merge their streams into one
// pcapng (the native engine's batches appended as they are) while a worker analyses them
// (live-analysis.ts, shedding batches it cannot keep up with), stop on -c/--duration/SIGINT/SIGTERM (or, run
// remotely, the ssh session ending: session-end.ts), write libpcap's counters as statistics blocks with the
// receivers' checksum counters over the capture, and remove the mirrors on every exit path — a
// second Ctrl-C during removal is ignored, not obeyed.

import { basename, resolve } from 'node:path';
import { encodeCounters } from '../analyze/receiver-counters.js';
import { EnvironmentError } from '../errors.js';
import { ipEtherAddressesIn } from '../host/ip.js';
import { nativeEngineProblem } from '../host/native-capture.js';
import { readableSource, readSource } from '../pcap/index.js';
import { AppendOrder, type Appended } from './append-order.js';
import { firstBlocks, gather, readBatchStream, type Batch } from './batch-framing.js';
import { CounterWatch } from './counters.js';
import { CpuMeter } from './cpu-meter.js';
import { macDirection } from './direction.js';
import { LiveAnalysis } from './live-analysis.js';
import { createMirrors, mirrorTarget, removeMirror, type Mirror } from './mirror.js';
import { CaptureOutput, type OutputOptions } from './output.js';
import { resolvePoint, type CapturePoint } from './point.js';
import { watchSessionEnd } from './session-end.js';
import { readRemoteBlocks } from './remote-blocks.js';
import { RemoteMerge, startRemote, type RemoteCapture, type RemoteStream } from './remote.js';
import { startSource, type CaptureSource, type Engine } from './source.js';
import { Spool } from './spool.js';
import type { TargetSpec } from '../target/types.js';
import type { CaptureResult, LiveStatus, StopReason } from './types.js';

export interface CaptureRequest {
  targets: TargetSpec[];
  /** Points resolved already (fix --verify's target), captured before the targets. */
  points?: CapturePoint[];
  ovsPorts: string[];
  ovsDb: string;
  span: boolean;
  filter: string[];
  output: Omit<OutputOptions, 'application'>;
  count?: number;
  durationMs?: number;
  snapLen: number;
  bufferBytes: number;
  /** Forced engine; by default the native one, tcpdump when it cannot run here. */
  engine?: Engine;
  /** One-off messages for stderr (the fallback, where capture runs, mirror removal). */
  notice: (message: string) => void;
  /** Called once every point is capturing: the moment to start a workload. */
  onCapturing?: () => void;
  /** Aborted when the caller's workload is over: the capture stops (`investigate` after its probe). */
  stop?: AbortSignal;
  /** Called once a second while capturing. */
  onStatus?: (s: LiveStatus) => void;
  /** Points on other hosts, over ssh (remote.ts). */
  remote?: RemoteCapture;
  /** Stop when stdin closes or the parent process changes: how a remote capture hears its ssh session end. */
  stopOnInputEnd?: boolean;
  /** With -w - and the native engine: through a deleted temporary file, so a slow reader never stalls the engines (spool.ts), holding at most this many bytes the reader has not taken. */
  spoolBytes?: number;
  /** false: frames are written, not analysed (the lightest capture; a remote one, whose frames are analysed where they land). */
  analyze?: boolean;
}

async function chooseEngine(forced: Engine | undefined, notice: (m: string) => void): Promise<Engine> {
  if (forced !== undefined) return forced;
  const problem = await nativeEngineProblem();
  if (problem === undefined) return 'native';
  notice(`the native capture engine cannot run (${problem}); capturing with tcpdump instead`);
  return 'tcpdump';
}

/** After a stop, remote hosts still sending past this long are named in a notice. */
const DRAIN_NOTICE_MS = 1000;

/** How each engine is named in the "capturing with" notice: one word, which remote.ts's reader of that line expects. */
const ENGINE_NAMES: Record<Engine, string> = { native: 'ovsf-capture', tcpdump: 'tcpdump' };

export async function runCapture(req: CaptureRequest): Promise<CaptureResult> {
  const started = Date.now();
  const engine = await chooseEngine(req.engine, req.notice);
  const mirrors: Mirror[] = [];
  const sources: CaptureSource[] = [];
  const remotes: RemoteStream[] = [];
  let live: LiveAnalysis | undefined;
  let stopReason: StopReason | undefined;
  const timers: NodeJS.Timeout[] = [];
  /** Remote hosts whose stream has not ended yet. */
  const remotesPending = new Set<string>();
  let wake: () => void = () => {};
  const stopRequested = new Promise<void>((r) => (wake = r));
  const stop = (why: StopReason): void => {
    if (stopReason !== undefined) return;
    stopReason = why;
    for (const s of sources) s.program.signal('SIGTERM');
    // The remote side stops on its stdin closing, writes its statistics, and ends its stream.
    for (const r of remotes) r.program.endInput();
    // What a remote spool still holds comes after the stop: say whom the capture waits for.
    if (remotes.length > 0) timers.push(setTimeout(() => remotesPending.size > 0 && req.notice(`stopped; waiting for ${[...remotesPending].join(', ')} to send the rest of what they captured`), DRAIN_NOTICE_MS));
    wake();
  };
  const onSignal = (sig: NodeJS.Signals): void => stop(sig === 'SIGINT' ? 'SIGINT' : 'SIGTERM');
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const unwatch = req.stopOnInputEnd ? watchSessionEnd(() => stop('stdin')) : undefined;
  const onStop = (): void => stop('workload');
  if (req.stop?.aborted) onStop();
  req.stop?.addEventListener('abort', onStop);
  try {
    const targets: CapturePoint[] = [...(req.points ?? [])];
    for (const t of req.targets) targets.push(await resolvePoint(t));
    for (const port of req.ovsPorts) {
      for (const m of await createMirrors(req.ovsDb, port, req.span, (m) => mirrors.push(m))) targets.push(await mirrorTarget(m));
    }
    const remoteHosts = req.remote?.hosts ?? [];
    if (targets.length === 0 && remoteHosts.length === 0) throw new EnvironmentError('nothing to capture on');
    const ownMacs: string[][] = [];
    for (const t of targets) ownMacs.push(t.direction === undefined ? await ipEtherAddressesIn(t.netns) : []);
    if (stopReason !== undefined) throw new EnvironmentError(`stopped by ${stopReason} before capturing`);

    const counters = await CounterWatch.start(targets, req.notice);
    // The native engines append to one plain file themselves (docs/capture.md, "The native engine"), or to the spool of stdout; through us
    // for plain stdout, a ring of files, or with remote points (whose blocks we write in between: AppendOrder would wait at the gap).
    const appends = engine === 'native' && (req.output.path !== '-' || req.spoolBytes !== undefined) && req.output.rotateBytes === undefined && remoteHosts.length === 0;
    const onFull = (full: boolean): void => {
      if (full && spool!.pauses === 1) req.notice(`the reader of stdout is ${Math.round(req.spoolBytes! / 1e6)} MB behind (--spool-max): the engines pause until half of it is read, and the kernel counts what it drops meanwhile`);
      for (const s of sources) (full ? s.pauseWriting() : s.startWriting());
    };
    const spool = appends && req.output.path === '-' ? Spool.open({ limitBytes: req.spoolBytes!, onFull, onBroken: () => stop('stdout') }) : undefined;
    const appendPath = appends ? (spool?.path ?? resolve(req.output.path)) : undefined;
    /** With -c: where the file is cut once the engines are done (inside the batch that reached the count). */
    let cutAt: number | undefined;
    let order: AppendOrder<Appended & { source: number }> | undefined;
    // The native engine's blocks carry their interface id: the local points are interfaces 0..n-1, declared first.
    for (const [i, t] of targets.entries()) {
      const appendTo = appendPath === undefined ? {} : { appendTo: { path: appendPath, onAppended: (a: Appended) => order!.add({ ...a, source: i }) } };
      sources.push(startSource(t, { engine, filter: req.filter, snapLen: req.snapLen, bufferBytes: req.bufferBytes, interfaceId: i, direction: t.direction ?? ownMacs[i]!, ...appendTo }));
    }
    const remoteOptions = { filter: req.filter, snapLen: req.snapLen, bufferBytes: req.bufferBytes, notice: req.notice, ...(req.engine ? { engine: req.engine } : {}) };
    const remoteReady = Promise.all(
      remoteHosts.map(async (h) => {
        const streams = await startRemote(req.remote!, h, remoteOptions);
        remotes.push(...streams);
        // A stop that came while this host was starting reaches it now.
        if (stopReason !== undefined) for (const r of streams) r.program.endInput();
      }),
    );
    const readiness = Promise.all([...sources.map((s) => s.ready), remoteReady]);
    await Promise.race([readiness, stopRequested]);
    if (stopReason === undefined) await readiness;
    else await remoteReady.catch(() => undefined);
    const labels = [...targets.map((t) => t.label + (t.direction ? ` (${t.direction})` : '')), ...remotes.flatMap((r) => r.labels)];
    req.notice(`capturing with ${ENGINE_NAMES[engine]} on ${labels.length} point${labels.length === 1 ? '' : 's'}: ${labels.join(', ')}`);

    const point = req.output.path === '-' ? 'stdout' : basename(req.output.path);
    const analysis = req.analyze === false ? undefined : new LiveAnalysis(point);
    live = analysis;
    const output = new CaptureOutput({ ...req.output, ...(spool ? { spool } : {}), application: 'ovsforensics capture', ...(analysis ? { onInterface: (id, i) => analysis.addInterface(id, i.linkType, i.name) } : {}) });
    const ifIds: (number | undefined)[] = targets.map(() => undefined);
    const packets = targets.map(() => 0);
    let total = 0;
    let remoteCount = 0;
    /** How many of n more frames fit under -c (all without it), and stops at the count. */
    const take = (n: number): number => {
      if (req.count === undefined) return n;
      const k = Math.min(n, req.count - total);
      total += k;
      if (total >= req.count) stop('count');
      return k;
    };
    const declare = (i: number, linkType: number): number =>
      output.addInterface({ linkType, snapLen: req.snapLen, name: targets[i]!.label, description: targets[i]!.description, tsresol: 9 });
    if (engine === 'native') for (const [i, s] of sources.entries()) ifIds[i] = declare(i, s.linkType ?? 1);
    if (appendPath !== undefined) {
      order = new AppendOrder(output.appendTarget()!.end, (a) => {
        const k = take(a.packets);
        if (k === 0) {
          cutAt ??= a.at;
          return;
        }
        const b = k === a.packets ? undefined : firstBlocks({ parts: [output.readBack(a.at, a.bytes)], bytes: a.bytes, packets: a.packets, captured: a.captured }, k);
        if (b !== undefined) cutAt = a.at + b.bytes;
        const w = output.appended(k, b?.captured ?? a.captured, b === undefined ? a.at + a.bytes : a.at + b.bytes);
        analysis?.addBatch((into) => (b === undefined ? output.readBack(a.at, a.bytes, into) : gather(b, into)), b?.bytes ?? a.bytes, k, w);
        packets[a.source]! += k;
      });
      for (const s of sources) s.startWriting();
    }
    const merges = remotes.map((r) => new RemoteMerge(r.host, output, req.snapLen, r.fallbackName));
    const readers = sources.map((s, i) => {
      const t = targets[i]!;
      if (appendPath !== undefined) {
        // The engine wrote the file itself; its stdout carries nothing.
        return s.program.done.then(() => ({ error: undefined as Error | undefined, warning: undefined, linkType: s.linkType ?? 1 }));
      }
      if (engine === 'native') {
        return readBatchStream(s.program.stdout, (whole) => {
          const k = take(whole.packets);
          if (k === 0) return undefined;
          const b: Batch = k === whole.packets ? whole : firstBlocks(whole, k);
          const w = output.writeBlocks(b.parts, b.packets, b.captured);
          analysis?.addBatch((into) => gather(b, into), b.bytes, b.packets, w);
          packets[i]! += b.packets;
          return output.backpressure();
        }).then((r) => ({ ...(r.error === undefined ? {} : { error: new Error(`${t.label}: ${r.error.message}`) }), warning: undefined, linkType: s.linkType ?? 1 }));
      }
      const dirOf = t.direction === undefined ? macDirection(ownMacs[i]!) : undefined;
      return readSource(
        readableSource(t.label, s.program.stdout),
        (rec) => {
          if (take(1) === 0) return;
          const id = (ifIds[i] ??= declare(i, rec.linkType));
          const direction = t.direction ?? dirOf!(rec.linkType, rec.data);
          const w = output.write(id, { tsSec: rec.tsSec, tsNsec: rec.tsNsec, data: rec.data, wireLen: rec.wireLen, direction });
          analysis?.addBlock(w.block, w);
          packets[i]!++;
        },
        { beforeRefill: () => output.backpressure() },
      ).then((r) => ({ ...(r.error === undefined ? {} : { error: r.error }), warning: r.summary.warning, linkType: r.summary.interfaces[0]?.linkType ?? 1 }));
    });
    for (const r of remotes) remotesPending.add(r.host);
    const remoteReaders = remotes.map((r, i) =>
      (r.fallbackName === undefined
        ? // ovsforensics there: its blocks appended in runs, interface ids renumbered (remote-blocks.ts).
          readRemoteBlocks(`${r.host} over ssh`, r.program.stdout, (run, summary) => {
            const k = take(run.packets);
            if (k === 0) return undefined;
            const { batch, written } = merges[i]!.writeRun(run, k, summary);
            analysis?.addBatch((into) => gather(batch, into), batch.bytes, batch.packets, written);
            remoteCount += batch.packets;
            return output.backpressure();
          })
        : readSource(
            readableSource(`${r.host} over ssh`, r.program.stdout),
            (rec, summary) => {
              if (take(1) === 0) return;
              const m = merges[i]!.write(rec, summary);
              analysis?.addBlock(m.written.block, m.written);
              remoteCount++;
            },
            { beforeRefill: () => output.backpressure() },
          )
      ).finally(() => remotesPending.delete(r.host)),
    );
    if (req.durationMs !== undefined) timers.push(setTimeout(() => stop('duration'), req.durationMs));
    if (stopReason === undefined) req.onCapturing?.();
    const cpu = new CpuMeter(() => sources.map((s) => s.program.pid));
    let lastPackets = 0;
    timers.push(
      setInterval(() => {
        analysis?.flush();
        if (!req.onStatus) return;
        const seen = packets.reduce((a, b) => a + b, 0) + remoteCount;
        const dropped = sources.reduce((n, s) => n + s.stats.drop + s.stats.ifdrop, 0);
        const segments = analysis?.segmentCounts;
        req.onStatus({
          seconds: (Date.now() - started) / 1000,
          packets: seen,
          packetsPerSecond: seen - lastPackets,
          dropped,
          cpuCores: cpu.sample(),
          ...(analysis ? { shed: analysis.shedPackets } : {}),
          ...(segments ? { segments } : {}),
        });
        lastPackets = seen;
      }, 1000),
    );
    const results = await Promise.all(readers);
    if (cutAt !== undefined) output.truncate(cutAt);
    if (order !== undefined && order.pending > 0) req.notice(`${order.pending} batches the capture engines appended follow a gap in the file; the file has them, the counts and the live analysis do not`);
    const remoteResults = await Promise.all(remoteReaders);
    await Promise.all([...sources, ...remotes].map((s) => s.program.done));
    stop('end');
    for (const r of [...results, ...remoteResults.map((x) => ({ error: x.error, warning: x.summary.warning }))]) {
      if (r.error !== undefined) req.notice(`${r.error.message} (the capture before it is kept)`);
      if (r.warning !== undefined) req.notice(`warning: ${r.warning}`);
    }

    const counted = await counters.finish();
    const now = Date.now();
    for (const [i, s] of sources.entries()) {
      let id = ifIds[i];
      // A point that saw nothing still gets its interface block, so its counters have a home.
      id ??= declare(i, results[i]!.linkType);
      const c = counted[i];
      output.writeStats(id, { tsSec: Math.floor(now / 1000), tsNsec: (now % 1000) * 1e6, ifrecv: s.stats.recv, ifdrop: s.stats.ifdrop, osdrop: s.stats.drop, ...(c ? { comment: encodeCounters(c) } : {}) });
    }
    const remotePoints = remotes.flatMap((r, i) => merges[i]!.finish(remoteResults[i]!.summary, now, r.fallbackStats?.()));
    await output.close();
    const summaries = output.summaries();
    const analysed = await analysis?.finish(summaries);
    if (analysis?.error !== undefined) req.notice(analysis.error);
    return {
      engine,
      ...(analysed ? { analysis: analysed } : {}),
      ...(analysis ? { shedPackets: analysis.shedPackets } : {}),
      points: [...targets.map((t, i) => ({ label: t.label, description: t.description, packets: packets[i]!, stats: sources[i]!.stats })), ...remotePoints],
      files: summaries.filter((s) => s.error === undefined).map((s) => s.path),
      stoppedBy: stopReason ?? 'end',
      seconds: (now - started) / 1000,
    };
  } finally {
    for (const t of timers) clearTimeout(t);
    await live?.abandon();
    for (const s of sources) s.program.signal('SIGKILL');
    // Remote captures end on their stdin closing; the ssh clients then go with their sessions.
    for (const r of remotes) r.program.endInput();
    unwatch?.();
    req.stop?.removeEventListener('abort', onStop);
    for (const m of mirrors.reverse()) {
      await removeMirror(m).catch((e: unknown) => req.notice(`could not remove mirror ${m.name} from ${m.bridge}: ${(e as Error).message}; \`ovsforensics doctor --cleanup\` removes it`));
    }
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
