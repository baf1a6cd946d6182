#!/usr/bin/env node
// The executable: runs the program (src/program.ts) on this process's arguments.

import { main } from './program.js';

// A closed stdout (`| head`) is not an error worth a trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

process.exitCode = await main(process.argv);
