// The flood bench's wire: two network namespaces joined by a veth pair, removed on every way out
// (return, exception, SIGINT/SIGTERM/SIGHUP, process exit) and also before use, should a killed
// run have left them.

import { spawnSync } from 'node:child_process';

export const VETH = {
  tx: 'ovsf-bench-tx',
  rx: 'ovsf-bench-rx',
  txAddr: '10.213.0.1',
  rxAddr: '10.213.0.2',
  /** A neighbour that does not exist: frames to it reach rx's interface (and the captures) but no socket, and draw no ICMP. */
  sinkAddr: '10.213.0.3',
  sinkMac: '02:00:00:00:be:0c',
} as const;

function ip(args: string[]): void {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr.trim()}`);
}

/** Ends what still runs in the namespaces (the bench's own generators and captures), then deletes them. */
function removePair(): void {
  const listed = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '';
  for (const ns of [VETH.tx, VETH.rx]) {
    if (!listed.split('\n').some((l) => l.split(' ')[0] === ns)) continue;
    const pids = (spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout ?? '').split('\n').filter(Boolean).map(Number);
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    spawnSync('ip', ['netns', 'del', ns]);
  }
}

function makePair(): void {
  ip(['netns', 'add', VETH.tx]);
  ip(['netns', 'add', VETH.rx]);
  ip(['link', 'add', VETH.tx, 'netns', VETH.tx, 'type', 'veth', 'peer', 'name', VETH.rx, 'netns', VETH.rx]);
  ip(['-n', VETH.tx, 'addr', 'add', `${VETH.txAddr}/24`, 'dev', VETH.tx]);
  ip(['-n', VETH.rx, 'addr', 'add', `${VETH.rxAddr}/24`, 'dev', VETH.rx]);
  for (const ns of [VETH.tx, VETH.rx]) {
    ip(['-n', ns, 'link', 'set', 'lo', 'up']);
    ip(['-n', ns, 'link', 'set', ns, 'up']);
  }
  ip(['-n', VETH.tx, 'neigh', 'add', VETH.sinkAddr, 'lladdr', VETH.sinkMac, 'dev', VETH.tx, 'nud', 'permanent']);
}

/** Packets the rx interface received, by the kernel's own counter. */
export function rxPackets(): number {
  const r = spawnSync('ip', ['-n', VETH.rx, '-s', '-j', 'link', 'show', VETH.rx], { encoding: 'utf8' });
  const [link] = JSON.parse(r.stdout) as { stats64: { rx: { packets: number } } }[];
  return link!.stats64.rx.packets;
}

export async function withVethPair<T>(body: () => Promise<T>): Promise<T> {
  const onSignal = (signal: NodeJS.Signals): void => {
    removePair();
    process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15));
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);
  process.on('exit', removePair);
  removePair();
  try {
    makePair();
    return await body();
  } finally {
    removePair();
    for (const s of signals) process.off(s, onSignal);
    process.off('exit', removePair);
  }
}
