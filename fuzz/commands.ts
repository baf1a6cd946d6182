// The command lines the fuzzer runs, by kind: the campaign, the minimiser and the regression test
// of the kept failures all build them here, so a fixture is replayed exactly as it failed.

export type CommandKind = 'analyze' | 'analyze-html' | 'correlate' | 'report';
export const COMMAND_KINDS: readonly CommandKind[] = ['analyze', 'analyze-html', 'correlate', 'report'];

/** Arguments after the program name; `html` is a scratch file for the commands that write a report. */
export function commandArgs(kind: CommandKind, inputs: string[], html: string): string[] {
  switch (kind) {
    case 'analyze':
      return ['analyze', '--json', inputs[0]!];
    case 'analyze-html':
      return ['analyze', '--json', '--html', html, inputs[0]!];
    case 'correlate':
      return ['correlate', '--json', ...inputs.map((p, i) => `${String.fromCharCode(97 + i)}=${p}`)];
    case 'report':
      return ['report', inputs[0]!, '-o', html];
  }
}

/** How many input files a command of this kind takes. */
export const inputCount = (kind: CommandKind): number => (kind === 'correlate' ? 2 : 1);

/** Whether its inputs are captures (whose errors name a byte offset) or analysis JSON. */
export const readsCaptures = (kind: CommandKind): boolean => kind !== 'report';
