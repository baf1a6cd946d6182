// The exit statuses every command shares (README, "Exit status"): 0 nothing wrong (notes
// included), 1 a problem found, 2 a usage, input or environment error. Decided here, once.

/** What every command returns: its result, for src/program.ts to render, and the status to exit with. */
export interface CommandOutcome<R> {
  result: R;
  exitCode: number;
}

/** A usage, input or environment error: the command could not do all of its job. */
export const EXIT_ERROR = 2;

/** 2 when an input could not be read to its end (what came before is still reported), else 1 when a problem was found, else 0. */
export function outcome<R>(result: R, problem: boolean, inputErrors = 0): CommandOutcome<R> {
  return { result, exitCode: inputErrors > 0 ? EXIT_ERROR : problem ? 1 : 0 };
}
