// `investigate` from symptom to verified fix (docs/investigate.md): doctor on both ends → the path
// → one capture at every point of it around the probe → correlate → the verdict; with --fix the
// recommended change on its host and the probe again; with --revert the change undone first.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { correlate } from '../analyze/correlate/index.js';
import { UsageError } from '../errors.js';
import type { RemoteHost } from '../flags/remote.js';
import { withSshSession } from '../host/ssh.js';
import { runProbe } from '../probe/index.js';
import { captureProbe } from './capture.js';
import { doctorAt, type End, type RemoteAccess } from './doctor.js';
import { applyAt, fixNotApplicable, revertAt } from './fix.js';
import { judge } from './judge.js';
import { resolvePath } from './path.js';
import { INVESTIGATION_SCHEMA, type FixStep, type HostReport, type Investigation } from './types.js';

export interface InvestigateRequest {
  from: End;
  to: End;
  hosts: ReadonlyMap<string, RemoteHost>;
  sshConfig?: string;
  remoteCommand: string;
  probeBytes: number;
  mode: 'diagnose' | 'fix' | 'revert';
  /** The merged capture; default a new file under the temp directory. */
  captureFile?: string;
  notice: (m: string) => void;
  /** Where the work is: doctor, capture, probe, correlate, fix. */
  onPhase?: (phase: string) => void;
}

/** A probe longer than this has failed; a transfer that stops moving ends sooner (stallMs). */
const PROBE_TIMEOUT_MS = 60_000;
const PROBE_STALL_MS = 3_000;

/** Tunnel ports the ends' doctors name, for the capture filter. */
function tunnelPorts(reports: HostReport[]): number[] {
  return reports.flatMap((h) => [
    ...h.doctor.interfaces.flatMap((i) => (i.tunnel?.port === undefined ? [] : [i.tunnel.port])),
    ...(h.doctor.ovs?.tunnels.flatMap((t) => (t.options.dst_port === undefined ? [] : [Number(t.options.dst_port)])) ?? []),
  ]);
}

async function investigate(req: InvestigateRequest, remote: RemoteAccess | undefined): Promise<Investigation> {
  const started = Date.now();
  const phase = req.onPhase ?? (() => {});
  const ends = [req.from, req.to];
  let reverted: FixStep[] | undefined;
  if (req.mode === 'revert') {
    phase('revert');
    reverted = [];
    for (const end of ends) reverted.push(await revertAt(end, remote));
  }
  phase('doctor');
  const doctors = await Promise.all(ends.map((e) => doctorAt(e, remote)));
  const hosts: HostReport[] = ends.map((e, i) => ({
    side: e.side,
    host: e.host?.name ?? 'local',
    ...(e.host === undefined ? {} : { ssh: `${e.host.user === undefined ? '' : `${e.host.user}@`}${e.host.destination}` }),
    container: e.container,
    doctor: doctors[i]!,
  }));
  const path = resolvePath(
    { side: 'from', ...(req.from.host ? { host: req.from.host.name } : {}), facts: doctors[0]! },
    { side: 'to', ...(req.to.host ? { host: req.to.host.name } : {}), facts: doctors[1]! },
  );
  if (path.points.length < 2) throw new UsageError(`investigate: doctor found ${path.points.length} place to capture on the path (${path.elements.map((e) => e.name).join(' → ') || 'nothing'}): are both containers' interfaces veths?`);

  phase('capture');
  const file = req.captureFile ?? join(mkdtempSync(join(tmpdir(), 'ovsf-investigate-')), 'path.pcapng');
  const probeOptions = { from: { ...(req.from.host ? { host: req.from.host } : {}), target: req.from.target }, to: { ...(req.to.host ? { host: req.to.host } : {}), target: req.to.target }, bytes: req.probeBytes, timeoutMs: PROBE_TIMEOUT_MS, stallMs: PROBE_STALL_MS };
  const run = await captureProbe({
    points: path.points,
    hosts: req.hosts,
    ...(remote ? { remote } : {}),
    file,
    probe: { ...probeOptions, onPhase: (p: string) => phase(`probe: ${p}`) },
    tunnelPorts: tunnelPorts(hosts),
    notice: req.notice,
  });
  phase('correlate');
  const captured = path.points.flatMap((p) => {
    const label = run.labels.get(p.name);
    const seen = label === undefined ? undefined : run.capture.points.find((c) => c.label === label);
    return label !== undefined && seen !== undefined && seen.packets > 0 ? [{ name: p.name, path: file, interface: label }] : [];
  });
  const correlation = captured.length >= 2 ? (await correlate({ points: captured })).correlation : undefined;
  const probe = run.probe;
  const verdict = judge({
    elements: path.elements,
    points: path.points,
    labels: run.labels,
    captured: new Map(run.capture.points.map((c) => [c.label, { packets: c.packets, dropped: c.stats.drop + c.stats.ifdrop }])),
    ...(run.capture.analysis ? { analysis: run.capture.analysis } : {}),
    ...(correlation ? { correlation } : {}),
    probe,
    hosts,
  });
  const result: Investigation = {
    schema: INVESTIGATION_SCHEMA,
    generatedAt: new Date().toISOString(),
    from: { host: hosts[0]!.host, container: req.from.container },
    to: { host: hosts[1]!.host, container: req.to.container },
    ...verdict,
    hosts,
    probe,
    ...(correlation ? { hostClocks: correlation.hostClocks } : {}),
    capture: { file, seconds: run.capture.seconds },
    ...(reverted ? { reverted } : {}),
    seconds: 0,
  };
  const notApplicable = req.mode === 'fix' && !verdict.healthy ? fixNotApplicable(verdict.recommendations) : undefined;
  if (notApplicable !== undefined) result.fixNotApplied = notApplicable;
  else if (req.mode === 'fix' && !verdict.healthy) {
    phase('fix');
    const steps: FixStep[] = [];
    for (const plan of verdict.recommendations) {
      if (plan.features === undefined || steps.some((s) => s.side === plan.side)) continue;
      steps.push(await applyAt(plan.side === 'from' ? req.from : req.to, plan.features, remote));
    }
    phase('probe after the fix');
    const after = (await runProbe({ ...probeOptions, ...(remote ? { ssh: { session: remote.session, remoteCommand: remote.remoteCommand } } : {}) }));
    result.fix = { steps, probe: after, intact: after.transfer.intact };
  }
  result.seconds = (Date.now() - started) / 1000;
  return result;
}

export async function runInvestigation(req: InvestigateRequest): Promise<Investigation> {
  const remoteHosts = [req.from.host, req.to.host].filter((h): h is RemoteHost => h !== undefined);
  if (remoteHosts.length === 0) return investigate(req, undefined);
  const unique = [...new Map(remoteHosts.map((h) => [h.name, h])).values()];
  return withSshSession(req.sshConfig, unique, (session) => investigate(req, { session, remoteCommand: req.remoteCommand }));
}
