#!/usr/bin/env node
// Command declarations only: each action lazy-imports its command module, so the native
// libpcap binding loads only for `capture`. Exit statuses and error lines are decided in main().

import { Command, CommanderError } from 'commander';
import { isKnownError } from './errors.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function buildProgram(): Command {
  const program = new Command('ovsforensics')
    .description('Find checksum-offload artifacts and real corruption in OVS/VXLAN/Geneve captures')
    .version('0.1.0')
    .option('--debug', 'show stack traces of errors')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('analyze')
    .description('read pcap/pcapng captures, decapsulate tunnels, classify every checksum')
    .argument('[capture...]', 'pcap, pcapng or .gz files')
    .option('--json', 'print the analysis as one JSON object')
    .option('--html <file>', 'also write the HTML incident report')
    .option('--point <name=file>', 'a named capture point (repeatable)', collect, [])
    .option('--vxlan-port <port>', 'extra UDP port carrying VXLAN (repeatable)', collect, [])
    .option('--geneve-port <port>', 'extra UDP port carrying Geneve (repeatable)', collect, [])
    .option('--no-progress', 'no progress line on stderr')
    .action(async (captures: string[], opts) => {
      const { runAnalyzeCommand } = await import('./commands/analyze.js');
      process.exitCode = await runAnalyzeCommand(captures, opts);
    });

  program
    .command('report')
    .description('render a saved analysis (analyze --json) as a self-contained HTML incident report')
    .argument('<analysis>', 'analysis JSON file')
    .option('-o, --output <file>', 'report file; a bare name or none goes to reports/')
    .option('--before <analysis>', 'an analysis from before a change, for the before/after view')
    .action(async (analysis: string, opts) => {
      const { runReportCommand } = await import('./commands/report.js');
      process.exitCode = await runReportCommand(analysis, opts);
    });

  return program;
}

async function main(argv: string[]): Promise<void> {
  const debug = argv.includes('--debug');
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander already printed its message; help and version exit 0.
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    if (isKnownError(e)) {
      process.stderr.write(`ovsforensics: ${e.message}\n`);
    } else {
      process.stderr.write(`ovsforensics: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    }
    if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    process.exitCode = 2;
  }
}

// A closed stdout (`| head`) is not an error worth a trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

await main(process.argv);
