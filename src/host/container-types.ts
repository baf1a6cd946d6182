// What every container runtime's CLI is asked for and answers, in one shape.

/** The runtimes, in the order auto-detection asks them; the command lines stay in their modules, so naming them loads no runner. */
export const CONTAINER_RUNTIMES = ['docker', 'podman', 'nerdctl', 'crictl', 'ctr'] as const;
export type ContainerRuntime = (typeof CONTAINER_RUNTIMES)[number];

/** A container as its runtime reports it. */
export interface ContainerState {
  id: string;
  name: string;
  /** The runtime's word: running, exited, RUNNING, CONTAINER_RUNNING… */
  status: string;
  running: boolean;
  /** Its main process; 0 when it is not running. */
  pid: number;
}

/** Found (with the command line that found it), or the one-line reason the runtime gave. */
export type InspectResult = { found: ContainerState & { command: string } } | { missing: string };

/** A runtime CLI that did not answer with a container: not installed, or its own last error line (without its name). */
export function missingFrom(r: { command: string; exitCode: number; stderr: string; notFound: boolean }): { missing: string } {
  if (r.notFound) return { missing: 'not installed' };
  const last = r.stderr.split('\n').filter((l) => l.trim() !== '').at(-1)?.trim();
  const program = r.command.split(' ')[0]!;
  return { missing: last === undefined ? `exit ${r.exitCode}` : last.startsWith(`${program}: `) ? last.slice(program.length + 2) : last };
}
