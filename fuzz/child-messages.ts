// What the pool and its children say to each other over IPC.

/** Parent to child: run the CLI on these arguments (after the program name). */
export interface RunRequest {
  id: number;
  args: string[];
}

/** An exception or rejection nobody handled, caught in the child while a case ran. */
export interface Crash {
  kind: 'unhandled-rejection' | 'uncaught-exception';
  message: string;
  stack: string;
}

/** Child to parent: the case's outcome, or the crash that ended the child (between cases: with the last case's id). */
export type RunReply =
  | { id: number; status: number; stdout: string; stderr: string; rssKb: number }
  | { id: number; crash: Crash; stdout: string; stderr: string };
