// doctor on each end of the path: here through the doctor engine, on an ssh host as
// `<remote-command> doctor --container NAME --json`, its answer checked against doctor's contract.

import { EnvironmentError } from '../errors.js';
import type { RemoteHost } from '../flags/remote.js';
import { remoteLine, sshLine, type SshSession } from '../host/ssh.js';
import { collectFacts } from '../remedy/index.js';
import { recommend } from '../remedy/recommend.js';
import { hostFactsFromDoctor } from '../report/host-facts.js';
import { contractViolation } from '../report/json-schema.js';
import { resolveTarget } from '../target/resolve.js';
import type { TargetSpec } from '../target/types.js';
import type { DoctorReport } from './types.js';

/** One end of the path as the command line names it. */
export interface End {
  side: 'from' | 'to';
  host?: RemoteHost;
  container: string;
  target: TargetSpec;
}

/** How ovsforensics is reached on the ssh hosts. */
export interface RemoteAccess {
  session: SshSession;
  remoteCommand: string;
}


/** The last line of a remote command's stderr, or its exit status. */
export function remoteFailure(host: string, r: { command: string; exitCode: number; stderr: string }): EnvironmentError {
  return new EnvironmentError(`${host}: ${r.command}: ${r.stderr.split('\n').filter(Boolean).pop() ?? `exit ${r.exitCode}`}`);
}

/** Parses a remote command's --json answer and checks it against its contract. */
export function remoteJson<T>(host: string, contract: 'doctor' | 'fix', stdout: string): T {
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch {
    throw new EnvironmentError(`${host}: ${contract} --json did not print JSON (is --remote-command this version of ovsforensics?)`);
  }
  const wrong = contractViolation(contract, value, contract);
  if (wrong !== undefined) throw new EnvironmentError(`${host}: malformed ${contract} answer: ${wrong}`);
  return value as T;
}

/** doctor --json of the end's container, on its host. */
export async function doctorAt(end: End, remote: RemoteAccess | undefined): Promise<DoctorReport> {
  if (end.host === undefined) {
    const facts = await collectFacts({ target: await resolveTarget(end.target) });
    return { ...facts, recommendations: recommend({ facts }), host: hostFactsFromDoctor(facts) };
  }
  const args = ['doctor', '--container', end.container, ...(end.target.iface === undefined ? [] : ['--iface', end.target.iface]), '--json'];
  const r = await sshLine(remote!.session, end.host, remoteLine(remote!.remoteCommand, args));
  // Exit 1 is doctor's "a critical or high risk": an answer all the same.
  if (r.exitCode !== 0 && r.exitCode !== 1) throw remoteFailure(end.host.name, r);
  return remoteJson<DoctorReport>(end.host.name, 'doctor', r.stdout);
}
