// The import rules of src/ (layers point one way; docs/design.md draws them), checked by
// test/architecture/imports.test.ts. Type-only imports count: a type is knowledge too.

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'No import cycles; the decoders may re-enter each other (a tunnel carries Ethernet, which carries IP…) inside src/decode/.',
      severity: 'error',
      from: {},
      to: { circular: true, via: { pathNot: '^src/decode/' } },
    },
    {
      name: 'report-not-up',
      comment: 'Renderers get results handed to them: report/ imports no command and of capture only its result types (capture/types.ts).',
      severity: 'error',
      from: { path: '^src/report/' },
      to: { path: '^src/(commands|capture)/|^src/program\\.ts$', pathNot: '^src/capture/types\\.ts$' },
    },
    {
      name: 'host-no-domain',
      comment: 'src/host/ runs outside programs for anyone: node, execa, src/errors.ts, src/text/ and other host files only.',
      severity: 'error',
      from: { path: '^src/host/' },
      to: { dependencyTypesNot: ['core'], pathNot: '^(src/host/|src/errors\\.ts$|src/text/)|(^|/)node_modules/execa/' },
    },
    {
      name: 'core-not-up',
      comment: 'Reading, decoding and checksumming packets knows nothing of what is done with the verdicts.',
      severity: 'error',
      from: { path: '^src/(pcap|decode|checksum)/' },
      to: { path: '^src/(analyze|report|commands|capture|remedy|lab|program\\.ts|cli\\.ts)' },
    },
    {
      name: 'analyze-not-up',
      comment: 'Analysis turns packets into verdicts and findings; capturing, fixing, the lab and rendering build on it, not it on them.',
      severity: 'error',
      from: { path: '^src/analyze/' },
      // The remedy knowledge base is data below everything: findings name their advice from it.
      to: { path: '^src/(capture|remedy|report|commands|lab)/|^src/(program|cli)\\.ts$', pathNot: '^src/remedy/advice/' },
    },
    {
      name: 'advice-is-data',
      comment: 'The remedy knowledge base (src/remedy/advice) imports nothing outside itself, so every layer may read it.',
      severity: 'error',
      from: { path: '^src/remedy/advice/' },
      to: { pathNot: '^src/remedy/advice/' },
    },
    {
      name: 'commands-from-program-only',
      comment: 'A command module is an entry point: only src/program.ts imports one.',
      severity: 'error',
      from: { pathNot: '^src/program\\.ts$' },
      to: { path: '^src/commands/' },
    },
    {
      name: 'program-from-cli-only',
      comment: 'src/program.ts declares the command line; only the executable (src/cli.ts) runs it.',
      severity: 'error',
      from: { pathNot: '^src/cli\\.ts$' },
      to: { path: '^src/program\\.ts$' },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import that resolves to nothing would hide a layer crossing from the rules above.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
