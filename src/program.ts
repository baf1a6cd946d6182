// Command declarations only: each action lazy-imports its command module, so the native
// libpcap binding loads only for `capture`; values are checked there, by src/flags/. Exit statuses
// and error lines are decided in main(), which returns the status instead of exiting so the fuzzer
// can run the CLI in-process.

import { Command, CommanderError, type HelpContext } from 'commander';
import { isKnownError, messageLine, UsageError } from './errors.js';
import { CONTAINER_RUNTIMES } from './host/containers.js';

/** Commander's own errors (unknown option, missing argument…) as one UsageError line pointing at the help, not the help itself. */
class Cli extends Command {
  override createCommand(name?: string): Cli {
    return new Cli(name);
  }

  /** "ovsforensics lab traffic". */
  private path(): string {
    const names: string[] = [];
    for (let c: Command | null = this; c !== null; c = c.parent) names.unshift(c.name());
    return names.join(' ');
  }

  override error(message: string): never {
    // Commander puts its suggestion on a line of its own: keep it on this one.
    const text = message.replace(/^error: /, '').replace(/\n\(Did you mean ([^\n]*)\?\)$/, ', did you mean $1?');
    throw new UsageError(`${text} (see ${this.path()} --help)`);
  }

  /** Help as an error is what commander shows for a missing or unknown subcommand (`help bogus`): say that instead. */
  override help(context?: HelpContext | ((text: string) => string)): never {
    if (typeof context === 'object' && context.error) {
      throw new UsageError(`name a command: ${this.commands.map((c) => c.name()).join(', ')} (see ${this.path()} --help)`);
    }
    return super.help(context as HelpContext);
  }
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

const RUNTIME_HELP = `ask only this runtime for --container (default: ${CONTAINER_RUNTIMES.join(', ')}, then the lab, in that order)`;

/** doctor's and fix's way to name one container interface. */
function targetOptions(command: Command, verb: string): Command {
  return command
    .option('--container <name>', `a container, found through ${CONTAINER_RUNTIMES.join(', ')} or the lab`)
    .option('--netns <name>', 'a named network namespace, or the path of one')
    .option('--pid <pid>', `a process whose network namespace to ${verb}`)
    .option('--iface <if>', 'the interface (default: eth1, or the only one)')
    .option('--runtime <cli>', RUNTIME_HELP);
}

function buildProgram(): Command {
  const program = new Cli('ovsforensics')
    .description('Find checksum-offload artifacts and real corruption in OVS/VXLAN/Geneve captures')
    .version('0.1.0')
    .option('--debug', 'show stack traces of errors')
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
    .command('correlate')
    .description('follow the same segments through capture points given in path order; name the hop that alters or drops them')
    .argument('<point...>', 'NAME=FILE (a pcapng with several interfaces gives NAME/ifname per interface) or NAME=FILE#IFNAME (one interface)')
    .option('--json', 'print the correlation as one JSON object')
    .option('--html <file>', 'also write the HTML incident report with the path section')
    .option('--vxlan-port <port>', 'extra UDP port carrying VXLAN (repeatable)', collect, [])
    .option('--geneve-port <port>', 'extra UDP port carrying Geneve (repeatable)', collect, [])
    .action(async (points: string[], opts) => {
      const { runCorrelateCommand } = await import('./commands/correlate.js');
      process.exitCode = await runCorrelateCommand(points, opts);
    });

  program
    .command('report')
    .description('render a saved analysis (analyze --json) as a self-contained HTML incident report')
    .argument('<analysis>', 'analysis JSON file')
    .option('-o, --output <file>', 'report file; a bare name or none goes to reports/')
    .option('--before <analysis>', 'an analysis from before a change, for the before/after view')
    .option('--host <doctor.json>', 'host facts to show, from doctor --json')
    .action(async (analysis: string, opts) => {
      const { runReportCommand } = await import('./commands/report.js');
      process.exitCode = await runReportCommand(analysis, opts);
    });

  program
    .command('capture')
    .description('live capture on interfaces, containers, namespaces and OVS ports (mirrored) into one pcapng, analysed as it runs')
    .argument('[filter...]', 'BPF filter, as tcpdump takes it')
    .option('-i, --interface <iface>', 'interface (repeatable); in the namespace flags given without :IFACE, else in this one', collect, [])
    .option('--container <name[:iface]>', `a container (${CONTAINER_RUNTIMES.join(', ')}, or the lab's); eth1 unless told (repeatable)`, collect, [])
    .option('--runtime <cli>', RUNTIME_HELP)
    .option('--netns <name[:iface]>', 'a named network namespace, or the path of one (repeatable)', collect, [])
    .option('--pid <pid[:iface]>', 'the network namespace of a process (repeatable)', collect, [])
    .option('--ovs-port <port>', 'an Open vSwitch port, through two mirrors (received, sent) (repeatable)', collect, [])
    .option('--ovs-db <conn>', 'the OVS database (default: the system one)')
    .option('--span', 'mirror the whole bridge of --ovs-port instead of the port')
    .option('-w, --write <file>', 'pcapng output; - for stdout')
    .option('-c, --count <n>', 'stop after n packets')
    .option('--duration <s>', 'stop after s seconds')
    .option('--rotate-size <MB>', 'start a new file after this many MB (cap.pcapng, cap-1.pcapng…)')
    .option('--max-files <n>', 'with --rotate-size: keep n files, overwriting the oldest')
    .option('--report <file>', 'write the HTML incident report')
    .option('--snaplen <bytes>', 'bytes kept per frame (at least 262144: GRO/BIG TCP frames exceed 64 KB)', '262144')
    .option('--buffer-size <MB>', 'kernel capture buffer per point (absorbs bursts while frames are merged and analysed)', '128')
    .option('--engine <engine>', 'pcap (the libpcap binding) or tcpdump; default pcap, tcpdump when the binding cannot load')
    .option('--no-status', 'no status line on a terminal')
    .action(async (filter: string[], opts) => {
      const { runCaptureCommand } = await import('./commands/capture.js');
      process.exitCode = await runCaptureCommand(filter, opts);
    });

  targetOptions(program.command('doctor'), 'inspect')
    .description('host facts around a container interface (kernel, ethtool, veth peer, underlay NIC, OVS) and ranked risks; exit 1 on a critical or high risk')
    .option('--ovs-db <conn>', 'ovs-vsctl --db connection string (default: the ovs-vswitchd serving the veth peer)')
    .option('--ovs-netns <name>', 'the namespace OVS and the underlay live in (default: where that ovs-vswitchd runs)')
    .option('--underlay <if>', 'the underlay NIC (default: the route to a tunnel\'s remote_ip)')
    .option('--cleanup', 'only remove OVS mirrors and ports left by killed captures (with --ovs-db)')
    .option('--json', 'print one JSON object with a risks array')
    .action(async (opts) => {
      const { runDoctorCommand } = await import('./commands/doctor.js');
      process.exitCode = await runDoctorCommand(opts);
    });

  targetOptions(program.command('fix'), 'change')
    .description('turn checksum offload off on a container interface from outside it: dry run by default, --apply with a snapshot, --revert to it')
    .option('--features <list>', 'features to turn off, as ethtool -K names them (default: the recommendation, e.g. tx)')
    .option('--apply', 'snapshot the current features, then change them')
    .option('--revert', 'restore the snapshot exactly')
    .option('--verify', 'capture on the container for a few seconds and check no checksum is left unfinished (exit 1 if not)')
    .option('--verify-seconds <s>', 'length of the --verify capture', '10')
    .option('--ovs-db <conn>', 'for the recommendation: ovs-vsctl --db connection string')
    .option('--ovs-netns <name>', 'for the recommendation: the namespace OVS lives in')
    .option('--json', 'print one JSON object')
    .action(async (opts) => {
      const { runFixCommand } = await import('./commands/fix.js');
      process.exitCode = await runFixCommand(opts);
    });

  const lab = program.command('lab').description('two hosts joined by an OVS, kernel VXLAN or kernel Geneve overlay, in network namespaces (needs root)');
  lab
    .command('up')
    .description('build the lab (idempotent): hostA and hostB joined by the overlay (VNI 42), three containers')
    .option('--runtime <runtime>', 'netns or docker (default: docker when a Docker daemon answers, else netns)')
    .option('--overlay <kind>', 'ovs (userspace OVS + VXLAN, the incident), vxlan or geneve (kernel devices on a Linux bridge)', 'ovs')
    .option('--underlay-ipv6', 'IPv6 underlay addresses: the tunnel runs over IPv6')
    .option('--offload <on|off>', 'checksum offload on the containers\' eth1: on is the incident with OVS, the healthy default with kernel overlays', 'on')
    .option('--corrupt <pct>', 'damage this share of tunnel frames on hostA\'s underlay, inner checksum left stale')
    .option('--blind <pct>', 'checksum-neutral damage to this share of 0x07-pattern frames')
    .option('--outer-csum <pct>', 'kernel overlays: a wrong outer UDP checksum on this share of tunnelled TCP frames, which hostB verifies and drops (the flannel case)')
    .action(async (opts) => {
      const { runLabUp } = await import('./commands/lab.js');
      const { renderLabProgress, renderLabUp } = await import('./report/lab-text.js');
      process.stdout.write(renderLabUp(await runLabUp(opts, (line) => process.stderr.write(renderLabProgress(line)))));
    });
  lab
    .command('down')
    .description('remove everything up made, also after a killed up')
    .action(async () => {
      const { runLabDown } = await import('./commands/lab.js');
      const { renderLabDown } = await import('./report/lab-text.js');
      process.stdout.write(renderLabDown(await runLabDown()));
    });
  lab
    .command('status')
    .description('hosts, containers (pid, netns, OVS port) and injector counters')
    .option('--json', 'print one JSON object')
    .action(async (opts: { json?: boolean }) => {
      const { runLabStatus } = await import('./commands/lab.js');
      const render = opts.json ? (await import('./report/lab-json.js')).renderLabStatusJson : (await import('./report/lab-text.js')).renderLabStatus;
      process.stdout.write(render(await runLabStatus()));
    });
  lab
    .command('traffic')
    .description('TCP transfer between two containers with an end-to-end SHA-256 check (exit 1 unless intact)')
    .option('--from <container>', 'sender', 'test_mac')
    .option('--to <container>', 'receiver', 'test_mac_2')
    .option('--bytes <n>', 'bytes to send (k, M, G suffixes)', '10M')
    .option('--pattern <p>', 'random, or a byte such as 0x07 (default: 0x07 while --blind is on, else random)')
    .option('--timeout <s>', 'give up after this many seconds', '60')
    .option('--json', 'print one JSON object')
    .action(async (opts) => {
      const { runLabTraffic } = await import('./commands/lab.js');
      const result = await runLabTraffic(opts);
      const render = opts.json ? (await import('./report/lab-json.js')).renderLabTrafficJson : (await import('./report/lab-text.js')).renderLabTraffic;
      process.stdout.write(render(result));
      process.exitCode = result.intact ? 0 : 1;
    });

  return program;
}

/**
 * Runs one command line (argv as process.argv gives it) and returns its exit status. Command
 * actions leave their status in process.exitCode; it is taken back here so an in-process caller
 * (the fuzzer) starts each run clean.
 */
export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  process.exitCode = undefined;
  try {
    await buildProgram().parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (e) {
    // Help and version are commander's only exits left (Cli turns its errors into UsageErrors).
    if (e instanceof CommanderError && e.exitCode === 0) return 0;
    const message = isKnownError(e) ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
    process.stderr.write(messageLine(message));
    if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    return 2;
  } finally {
    process.exitCode = undefined;
  }
}
