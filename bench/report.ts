// The bench report's markdown: tables, the machine it ran on, and the targets with their verdicts.

import { verdict, type Target } from './figures.js';

export type Cell = string | number;

/** A markdown table; numbers are printed as given (round them before). */
export function table(headers: string[], rows: Cell[][]): string {
  const line = (cells: Cell[]): string => `| ${cells.map((c) => String(c).replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export interface Machine {
  date: string;
  cpu: string;
  cores: number;
  ramGB: number;
  kernel: string;
  node: string;
  tcpdump: string;
  tshark: string;
  loadAverage: number[];
}

export function machineSection(m: Machine): string {
  return [
    `# ovsforensics bench — ${m.date}`,
    '',
    table(
      ['machine', ''],
      [
        ['CPU', m.cpu],
        ['cores', m.cores],
        ['RAM', `${m.ramGB.toFixed(1)} GB`],
        ['kernel', m.kernel],
        ['node', m.node],
        ['tcpdump', m.tcpdump],
        ['tshark', m.tshark],
        ['load average at start (1, 5, 15 min)', m.loadAverage.map((l) => l.toFixed(2)).join(', ')],
      ],
    ),
  ].join('\n');
}

export function targetsSection(targets: Target[]): string {
  const missed = targets.filter((t) => t.met === false).length;
  const measured = targets.filter((t) => t.met !== undefined).length;
  return [
    '## Targets',
    '',
    table(['target', 'measured', 'verdict'], targets.map((t) => [t.goal, t.measured, verdict(t)])),
    '',
    `${measured - missed} of ${measured} measured targets met${missed > 0 ? `, ${missed} NOT met` : ''}.`,
  ].join('\n');
}

/** Fixed decimals, or '-' when there is no figure. */
export function fixed(value: number | undefined, digits = 2): string {
  return value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(digits);
}
