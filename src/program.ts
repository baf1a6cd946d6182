// The command line: declarations, and for each command the renderer its flags choose (text, --json,
// HTML) and where the output goes. Command modules take the options and return { result, exitCode }
// without printing; each is lazy-imported, so `analyze` loads nothing of `capture`.
// Values are checked in the commands, by src/flags/. Error lines are decided in main(), which
// returns the status instead of exiting so the fuzzer can run the CLI in-process.

import { Command, CommanderError, Option, type HelpContext } from 'commander';
import type { Analysis } from './analyze/types.js';
import type { AnalyzeCliOptions } from './commands/analyze.js';
import type { CaptureCliOptions } from './commands/capture.js';
import type { CorrelateCliOptions } from './commands/correlate.js';
import type { DoctorCliFlags } from './commands/doctor.js';
import type { FixFlags } from './commands/fix.js';
import type { InvestigateCliOptions } from './commands/investigate.js';
import type { LabTrafficFlags, LabUpFlags } from './commands/lab.js';
import type { ProbeAgentFlags } from './commands/probe-agent.js';
import type { ReportOptions } from './commands/report.js';
import { isKnownError, messageLine, UsageError } from './errors.js';
import { EXIT_ERROR } from './exit-status.js';
import type { HtmlReportOptions } from './report/report-types.js';
import { printable } from './text/printable.js';
import { CONTAINER_RUNTIMES } from './host/container-types.js';
import { STEP_USAGE } from './probe/steps.js';

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

// Option groups more than one command declares; each adds its options to the command and returns it.

function jsonOption(command: Command, what = 'one JSON object'): Command {
  return command.option('--json', `print ${what}`);
}

function htmlOption(command: Command, what = 'the HTML incident report'): Command {
  return command.option('--html <file>', `also write ${what}`);
}

/** analyze's and correlate's extra tunnel ports. */
function tunnelPortOptions(command: Command): Command {
  return command
    .option('--vxlan-port <port>', 'extra UDP port carrying VXLAN (repeatable)', collect, [])
    .option('--geneve-port <port>', 'extra UDP port carrying Geneve (repeatable)', collect, []);
}

/** capture's, doctor's and investigate's ssh hosts; `what` says what the hosts are for. */
function remoteOptions(command: Command, what: string): Command {
  return command
    .option('--host <name[=ssh://[user@]addr[:port]]>', `${what}; alone, an alias of your ssh config (repeatable)`, collect, [])
    .option('--ssh-config <file>', 'ssh -F FILE for the remote hosts')
    .option('--remote-command <cmd>', 'how ovsforensics runs on the remote hosts (default: ovsforensics)');
}

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

/** doctor's and fix's OVS database and namespace, described for what each uses them for. */
function ovsOptions(command: Command, db: string, netns: string): Command {
  return command.option('--ovs-db <conn>', db).option('--ovs-netns <name>', netns);
}

// Output: the renderers take results; only this file writes them.

const print = (text: string): void => void process.stdout.write(text);
const notice = (message: string): void => void process.stderr.write(messageLine(message));

/** Writes the HTML incident report of an analysis; `out` hears the line naming it (none when stdout holds JSON). */
async function writeReport(analysis: Analysis, file: string, out: ((line: string) => void) | undefined, options?: HtmlReportOptions): Promise<void> {
  const { writeHtmlReport } = await import('./report/html.js');
  const written = await writeHtmlReport(analysis, file, options);
  out?.(`report: ${printable(written.path)}\n`);
}

/** After the output, on stderr: warnings about inputs, then the input errors that made the exit status 2. */
function inputProblems(inputs: readonly { warning?: string }[], errors: readonly Error[]): void {
  for (const i of inputs) if (i.warning !== undefined) notice(`warning: ${i.warning}`);
  for (const e of errors) notice(e.message);
}

/** The program; each action hands its command's exit status to `exit`. */
function buildProgram(exit: (status: number) => void): Command {
  const program = new Cli('ovsforensics')
    .description('Find checksum-offload artifacts and real corruption in OVS/VXLAN/Geneve captures')
    .version('0.1.0')
    .option('--debug', 'show stack traces of errors')
    .exitOverride();

  const analyze = program.command('analyze').description('read pcap/pcapng captures, decapsulate tunnels, classify every checksum').argument('[capture...]', 'pcap, pcapng or .gz files');
  htmlOption(jsonOption(analyze, 'the analysis as one JSON object')).option('--point <name=file>', 'a named capture point (repeatable)', collect, []);
  tunnelPortOptions(analyze)
    .option('--no-progress', 'no progress line on stderr')
    .option('--jobs <n>', 'ranges of one large file read at once (default: the idle cores; 1: one thread)')
    .action(async (captures: string[], opts: AnalyzeCliOptions & { json?: boolean; html?: string; progress: boolean }) => {
      const { runAnalyze } = await import('./commands/analyze.js');
      const { progressReporter } = await import('./report/progress.js');
      const progress = opts.progress && process.stderr.isTTY ? progressReporter(process.stderr) : undefined;
      const { result, exitCode } = await runAnalyze(captures, opts, progress?.update);
      progress?.done();
      const { analysis, errors } = result;
      print(opts.json ? (await import('./report/json.js')).renderAnalysisJson(analysis) : (await import('./report/text.js')).renderAnalysisText(analysis));
      if (opts.html) await writeReport(analysis, opts.html, opts.json ? undefined : print);
      inputProblems(analysis.inputs, errors);
      exit(exitCode);
    });

  const correlate = program
    .command('correlate')
    .description('follow the same segments through capture points given in path order; name the hop that alters or drops them')
    .argument('<point...>', 'NAME=FILE (a pcapng with several interfaces gives NAME/ifname per interface) or NAME=FILE#IFNAME (one interface)');
  tunnelPortOptions(htmlOption(jsonOption(correlate, 'the correlation as one JSON object'), 'the HTML incident report with the path section')).action(
    async (points: string[], opts: CorrelateCliOptions & { json?: boolean; html?: string }) => {
      const { runCorrelate } = await import('./commands/correlate.js');
      const { result, exitCode } = await runCorrelate(points, { ...opts, report: opts.html !== undefined });
      const { correlation, errors, reportAnalysis } = result;
      print(opts.json ? (await import('./report/correlation-json.js')).renderCorrelationJson(correlation) : (await import('./report/correlation-text.js')).renderCorrelationText(correlation));
      if (opts.html && reportAnalysis) {
        await writeReport(reportAnalysis, opts.html, opts.json ? undefined : print, { correlation, source: `ovsforensics correlate ${result.points.map((p) => p.name).join(' ')}` });
      }
      inputProblems(correlation.inputs, errors);
      exit(exitCode);
    },
  );

  program
    .command('report')
    .description('render a saved analysis (analyze --json) as a self-contained HTML incident report')
    .argument('<analysis>', 'analysis JSON file')
    .option('-o, --output <file>', 'report file; a bare name or none goes to reports/')
    .option('--before <analysis>', 'an analysis from before a change, for the before/after view')
    .option('--host <doctor.json>', 'host facts to show, from doctor --json')
    .action(async (analysis: string, opts: ReportOptions) => {
      const { runReport } = await import('./commands/report.js');
      const { result: r, exitCode } = await runReport(analysis, opts);
      print(`wrote ${printable(r.path)} (${r.bytes} bytes, ${r.findings} findings)\n`);
      exit(exitCode);
    });

  const capture = program
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
    .option('--spool', 'with -w -: frames wait in a deleted temporary file ($TMPDIR) until the reader takes them, so a slow reader does not make the capture drop')
    .option('--spool-max <MB>', 'with --spool, and on each remote host: at most this much waiting; beyond it the engines pause and the kernel counts its drops', '1000')
    .option('--engine <engine>', 'native (libpcap, built at install) or tcpdump; default native, tcpdump when it cannot run');
  remoteOptions(capture, 'a remote host for points named NAME:… (-i hostB:eth0)')
    .addOption(new Option('--stop-on-stdin-eof', 'stop when stdin closes or the parent process exits (how a remote capture ends with its ssh session)').hideHelp())
    .option('--no-status', 'no status line on a terminal')
    .option('--no-analysis', 'only write the frames, no live checksum analysis: the lightest capture (analyze the file afterwards)')
    .action(async (filter: string[], opts: CaptureCliOptions & { status: boolean }) => {
      const { runCapture } = await import('./commands/capture.js');
      const { renderCaptureStatus, renderCaptureSummary } = await import('./report/capture-text.js');
      const { renderAnalysisText } = await import('./report/text.js');
      const err = process.stderr;
      const live = opts.status && err.isTTY;
      const { result, exitCode } = await runCapture(filter, opts, {
        notice,
        onStatus: live ? (s) => err.write(`\r\x1b[K${renderCaptureStatus(s)}`) : undefined,
      });
      if (live) err.write('\r\x1b[K');
      // With -w - the frames own stdout, so everything else goes to stderr.
      const out = (text: string): void => void (opts.write === '-' ? err : process.stdout).write(text);
      out(renderCaptureSummary(result) + (result.analysis ? renderAnalysisText(result.analysis) : ''));
      if (opts.report !== undefined && result.analysis) await writeReport(result.analysis, opts.report, out);
      exit(exitCode);
    });

  const doctor = targetOptions(program.command('doctor'), 'inspect').description(
    'host facts around a container interface (kernel, ethtool, veth peer, underlay NIC, OVS) and ranked risks; exit 1 on a critical or high risk',
  );
  ovsOptions(doctor, 'ovs-vsctl --db connection string (default: the ovs-vswitchd serving the veth peer)', 'the namespace OVS and the underlay live in (default: where that ovs-vswitchd runs)')
    .option('--underlay <if>', 'the underlay NIC (default: the route to a tunnel\'s remote_ip)')
    .option('--cleanup', 'only remove OVS mirrors and ports left by killed captures (with --ovs-db)');
  remoteOptions(doctor, 'with --cleanup: run it on this host over ssh');
  jsonOption(doctor, 'one JSON object with a risks array').action(async (opts: DoctorCliFlags & { json?: boolean }) => {
    const { runDoctor } = await import('./commands/doctor.js');
    const { renderCleanupText, renderDoctorText } = await import('./report/doctor-text.js');
    const { hostFactsFromDoctor } = await import('./report/host-facts.js');
    const { renderRemedyJson } = await import('./report/remedy-json.js');
    const { result: r, exitCode } = await runDoctor(opts);
    if (r.kind === 'cleanup') print(opts.json ? renderRemedyJson(r.cleanup) : renderCleanupText(r.cleanup));
    else print(opts.json ? renderRemedyJson({ ...r.facts, recommendations: r.recommendations, host: hostFactsFromDoctor(r.facts) }) : renderDoctorText(r.facts, r.recommendations));
    exit(exitCode);
  });

  const fix = targetOptions(program.command('fix'), 'change')
    .description('turn checksum offload off on a container interface from outside it: dry run by default, --apply with a snapshot, --revert to it')
    .option('--features <list>', 'features to turn off, as ethtool -K names them (default: the recommendation, e.g. tx)')
    .option('--apply', 'snapshot the current features, then change them')
    .option('--revert', 'restore the snapshot exactly')
    .option('--verify', 'capture on the container for a few seconds and check no checksum is left unfinished (exit 1 if not)')
    .option('--verify-seconds <s>', 'length of the --verify capture', '10');
  jsonOption(ovsOptions(fix, 'for the recommendation: ovs-vsctl --db connection string', 'for the recommendation: the namespace OVS lives in')).action(async (opts: FixFlags & { json?: boolean }) => {
    const { runFix } = await import('./commands/fix.js');
    const { renderFixText } = await import('./report/fix-text.js');
    const { renderRemedyJson } = await import('./report/remedy-json.js');
    const { result, exitCode } = await runFix(opts, notice);
    print(opts.json ? renderRemedyJson(result) : renderFixText(result));
    exit(exitCode);
  });

  const investigate = program
    .command('investigate')
    .description('from symptom to verified fix: doctor on both hosts, capture at every point of the path during a probe (TCP with SHA-256, pings), correlate, name the hop at fault and the fix; exit 1 on a problem')
    .option('--from <[host:]container>', 'the sending container (NAME[:IFACE]), on a --host or here')
    .option('--to <[host:]container>', 'the receiving container');
  remoteOptions(investigate, 'a host the containers are on (--from hostA:test_mac)');
  jsonOption(investigate, 'the investigation as one JSON object')
    .option('-o, --output <file>', 'write the HTML report with the path drawn')
    .option('--probe-bytes <n>', 'bytes the probe sends (k, M, G suffixes)', '10M')
    .option('-w, --write <file>', 'keep the merged capture here (default: a new file under the temp directory)')
    .option('--fix', 'apply the recommended change on its host (with its snapshot), then probe again')
    .option('--revert', 'undo a fix first (the snapshot on each host), then investigate')
    .action(async (opts: InvestigateCliOptions & { json?: boolean; output?: string; write?: string }) => {
      const { runInvestigate } = await import('./commands/investigate.js');
      // On a terminal, each phase as it starts (doctor, capture, probe: transfer, correlate, fix…).
      const phases = process.stderr.isTTY ? { onPhase: notice } : {};
      const { result, exitCode } = await runInvestigate(opts, { notice, ...phases, ...(opts.write === undefined ? {} : { captureFile: opts.write }) });
      print(opts.json ? (await import('./report/investigation-json.js')).renderInvestigationJson(result) : (await import('./report/investigation-text.js')).renderInvestigationText(result));
      if (opts.output !== undefined) {
        const { writeInvestigationReport } = await import('./report/html-investigation.js');
        const written = await writeInvestigationReport(result, opts.output);
        if (!opts.json) print(`report: ${printable(written.path)}\n`);
      }
      exit(exitCode);
    });

  targetOptions(program.command('probe-agent', { hidden: true }), 'probe from')
    .description('one side of a probe, run over ssh by a probe on another host: JSON lines on stdout; stops when stdin closes')
    .argument('<step...>', STEP_USAGE)
    .action(async (words: string[], opts: ProbeAgentFlags) => {
      const { runProbeAgent } = await import('./commands/probe-agent.js');
      const { exitCode } = await runProbeAgent(words, opts, (e) => print(`${JSON.stringify(e)}\n`));
      exit(exitCode);
    });

  const lab = program.command('lab').description('two hosts joined by an OVS, kernel VXLAN or kernel Geneve overlay, in network namespaces (needs root)');
  lab
    .command('up')
    .description('build the lab (idempotent): hostA and hostB joined by the overlay (VNI 42), three containers')
    .option('--runtime <runtime>', 'netns or docker (default: docker when a Docker daemon answers, else netns)')
    .option('--overlay <kind>', 'ovs (userspace OVS + VXLAN, the incident), ovs-geneve (userspace OVS + Geneve with outer checksums, as OVN and Antrea), vxlan or geneve (kernel devices on a Linux bridge)', 'ovs')
    .option('--underlay-ipv6', 'IPv6 underlay addresses: the tunnel runs over IPv6')
    .option('--offload <on|off>', 'checksum offload on the containers\' eth1: on is the incident with OVS, the healthy default with kernel overlays', 'on')
    .option('--corrupt <pct>', 'damage this share of tunnel frames on hostA\'s underlay, inner checksum left stale')
    .option('--blind <pct>', 'checksum-neutral damage to this share of 0x07-pattern frames')
    .option('--outer-csum <pct>', 'kernel overlays: a wrong outer UDP checksum on this share of tunnelled TCP frames, which hostB verifies and drops (the flannel case)')
    .action(async (opts: LabUpFlags) => {
      const { runLabUp } = await import('./commands/lab.js');
      const { renderLabProgress, renderLabUp } = await import('./report/lab-text.js');
      const { result, exitCode } = await runLabUp(opts, (line) => process.stderr.write(renderLabProgress(line)));
      print(renderLabUp(result));
      exit(exitCode);
    });
  lab
    .command('down')
    .description('remove everything up made, also after a killed up')
    .action(async () => {
      const { runLabDown } = await import('./commands/lab.js');
      const { renderLabDown } = await import('./report/lab-text.js');
      const { result, exitCode } = await runLabDown();
      print(renderLabDown(result));
      exit(exitCode);
    });
  jsonOption(lab.command('status').description('hosts, containers (pid, netns, OVS port) and injector counters')).action(async (opts: { json?: boolean }) => {
    const { runLabStatus } = await import('./commands/lab.js');
    const { result, exitCode } = await runLabStatus();
    print(opts.json ? (await import('./report/lab-json.js')).renderLabStatusJson(result) : (await import('./report/lab-text.js')).renderLabStatus(result));
    exit(exitCode);
  });
  const traffic = lab
    .command('traffic')
    .description('TCP transfer between two containers with an end-to-end SHA-256 check (exit 1 unless intact)')
    .option('--from <container>', 'sender', 'test_mac')
    .option('--to <container>', 'receiver', 'test_mac_2')
    .option('--bytes <n>', 'bytes to send (k, M, G suffixes)', '10M')
    .option('--pattern <p>', 'random, or a byte such as 0x07 (default: 0x07 while --blind is on, else random)')
    .option('--timeout <s>', 'give up after this many seconds', '60');
  jsonOption(traffic).action(async (opts: LabTrafficFlags & { json?: boolean }) => {
    const { runLabTraffic } = await import('./commands/lab.js');
    const { result, exitCode } = await runLabTraffic(opts);
    print(opts.json ? (await import('./report/lab-json.js')).renderLabTrafficJson(result) : (await import('./report/lab-text.js')).renderLabTraffic(result));
    exit(exitCode);
  });

  return program;
}

/** Runs one command line (argv as process.argv gives it) and returns its exit status. */
export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  let status = 0;
  try {
    await buildProgram((s) => (status = s)).parseAsync(argv);
    return status;
  } catch (e) {
    // Help and version are commander's only exits left (Cli turns its errors into UsageErrors).
    if (e instanceof CommanderError && e.exitCode === 0) return 0;
    const message = isKnownError(e) ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
    process.stderr.write(messageLine(message));
    if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    return EXIT_ERROR;
  }
}
