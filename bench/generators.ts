// The flood bench's traffic generators, each with its own count of datagrams sent (the ground truth
// the captures are held against): iperf3 -u and the node flooder (bench/udp-flood.ts). A short
// calibration run of each picks the one that drives more packets/s on this machine.

import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { VETH } from './veth.js';

/** UDP payload bytes: the smallest datagrams, the highest packet rate. */
export const PAYLOAD_BYTES = 64;
const PORT = 5201;

export interface FloodRun {
  generator: string;
  seconds: number;
  sent: number;
}

export interface Generator {
  name: string;
  run(seconds: number): Promise<FloodRun>;
}

/** iperf3 -u --json on the client: packets sent by its own count. */
export function iperf3Sent(json: string): number {
  const r = JSON.parse(json) as { error?: string; end?: { sum_sent?: { packets?: number }; sum?: { packets?: number } } };
  if (r.error !== undefined) throw new Error(`iperf3: ${r.error}`);
  const n = r.end?.sum_sent?.packets ?? r.end?.sum?.packets;
  if (typeof n !== 'number') throw new Error('iperf3: no count of packets sent in its JSON');
  return n;
}

/** The node flooder's last line, {"sent":N,"failed":M}: N datagrams the kernel accepted. */
export function flooderSent(stdout: string): number {
  const last = stdout.trim().split('\n').pop() ?? '';
  let r: { sent?: unknown };
  try {
    r = JSON.parse(last) as { sent?: unknown };
  } catch {
    throw new Error(`udp-flood: no count in its output: ${JSON.stringify(last)}`);
  }
  if (typeof r.sent !== 'number') throw new Error(`udp-flood: no count in its output: ${last}`);
  return r.sent;
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], ready?: RegExp): { ready: Promise<void>; done: Promise<Ran>; stop: () => void } {
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let signalReady = (): void => {};
  const isReady = new Promise<void>((r) => (signalReady = r));
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (ready?.test(stdout)) signalReady();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Ran>((r) => child.once('close', (code) => r({ code, stdout, stderr })));
  const endedFirst = (d: Ran): Promise<never> => Promise.reject(new Error(`${file} ${args.join(' ')} ended before it was ready: ${d.stderr.trim()}`));
  return { stop: () => child.kill('SIGTERM'), ready: ready ? Promise.race([isReady, done.then(endedFirst)]) : Promise.resolve(), done };
}

const inNs = (ns: string, file: string, args: string[]): [string, string[]] => ['ip', ['netns', 'exec', ns, file, ...args]];

const iperf3: Generator = {
  name: `iperf3 -u -b 0 -l ${PAYLOAD_BYTES} (client in ${VETH.tx}, server in ${VETH.rx})`,
  async run(seconds) {
    // --forceflush: iperf3 buffers its stdout on a pipe, and "Server listening" is the signal to go.
    const server = run(...inNs(VETH.rx, 'iperf3', ['-s', '-1', '--forceflush', '-B', VETH.rxAddr, '-p', String(PORT)]), /Server listening/);
    await server.ready;
    const client = await run(...inNs(VETH.tx, 'iperf3', ['-u', '-c', VETH.rxAddr, '-p', String(PORT), '-b', '0', '-l', String(PAYLOAD_BYTES), '-t', String(seconds), '--json'])).done;
    // A one-off server ends with its client's test; one whose client never came is ended here.
    const ended = await Promise.race([server.done.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5_000))]);
    if (!ended) {
      server.stop();
      await server.done;
    }
    return { generator: this.name, seconds, sent: iperf3Sent(client.stdout) };
  },
};

const flooder: Generator = {
  name: `node bench/udp-flood.js, ${PAYLOAD_BYTES}-byte datagrams to a neighbour that is not there (no receiving socket)`,
  async run(seconds) {
    const r = await run(...inNs(VETH.tx, process.execPath, [resolve('dist/bench/udp-flood.js'), VETH.sinkAddr, String(PORT), String(seconds), String(PAYLOAD_BYTES)])).done;
    if (r.code !== 0) throw new Error(`udp-flood exited ${r.code}: ${r.stderr.trim()}`);
    return { generator: this.name, seconds, sent: flooderSent(r.stdout) };
  },
};

export const GENERATORS: Generator[] = [iperf3, flooder];

/** The BPF filter that matches every generator's datagrams and nothing else on the wire. */
export const FLOOD_FILTER = ['udp', 'port', String(PORT)];
