// One container per runtime Debian packages (docker.io, podman, containerd's ctr), each on a
// private daemon or store under one directory, from a static-busybox rootfs (nothing is pulled),
// with a veth `eth1` whose peer lives in a namespace of the test's own. Everything it starts is
// removed by `remove`, and a killed run's leftovers by the next run's `removeLeftovers`.

import { copyFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dockerdStart } from '../../src/host/docker.js';
import { ipNetnsAdd, ipNetnsDelete, ipVethAdd } from '../../src/host/ip.js';
import { findProgram } from '../../src/host/programs.js';
import { pidsMentioning, spawnDetached } from '../../src/host/process.js';
import { run, runChecked } from '../../src/host/run.js';

export type TestRuntime = 'docker' | 'podman' | 'ctr';

export const BASE = '/run/ovsforensics-targets-test';
/** Where the veth peers live: a namespace that stands for the host side. */
export const PEER_NETNS = 'ovsft-host';

export interface RuntimeContainer {
  runtime: TestRuntime;
  name: string;
  /** What the runtime's CLI needs to find this daemon or store: given to the CLI under test too. */
  env: Record<string, string>;
  /** The unique `sleep` argument, so /proc/PID/cmdline tells this container's process from others. */
  marker: string;
  peer: string;
}

const dir = (runtime: TestRuntime): string => join(BASE, runtime);

/** A rootfs with /bin/busybox and /bin/sh, and the same as a tarball. */
function rootfs(): { path: string; tarball: Promise<string> } {
  const path = join(BASE, 'rootfs');
  rmSync(path, { recursive: true, force: true });
  mkdirSync(join(path, 'bin'), { recursive: true });
  copyFileSync(findProgram('busybox')!, join(path, 'bin', 'busybox'));
  symlinkSync('busybox', join(path, 'bin', 'sh'));
  const tarball = join(BASE, 'rootfs.tar');
  return { path, tarball: runChecked('tar', ['-C', path, '-cf', tarball, '.']).then(() => tarball) };
}

async function waitFor(what: string, ok: () => Promise<boolean>): Promise<void> {
  for (let waited = 0; !(await ok()); waited += 200) {
    if (waited > 60_000) throw new Error(`${what} did not come up within 60 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Starts the runtime's daemon (or store) and a container NAME running `busybox sleep MARKER`, with eth1. */
export async function startContainer(runtime: TestRuntime, marker: string): Promise<RuntimeContainer> {
  const d = dir(runtime);
  mkdirSync(d, { recursive: true });
  const name = `ovsft_${runtime}`;
  const fs = rootfs();
  const cmd = ['/bin/busybox', 'sleep', marker];
  let env: Record<string, string>;
  if (runtime === 'docker') {
    const dockerd = await dockerdStart(d);
    env = { DOCKER_HOST: dockerd.host };
    const docker = (args: string[]) => runChecked('docker', ['-H', dockerd.host, ...args], { timeoutMs: 120_000 });
    await docker(['import', await fs.tarball, 'ovsft/busybox:1']);
    await docker(['run', '-d', '--name', name, '--network', 'none', 'ovsft/busybox:1', ...cmd]);
  } else if (runtime === 'podman') {
    const conf = join(d, 'storage.conf');
    writeFileSync(conf, `[storage]\ndriver = "vfs"\ngraphroot = "${join(d, 'root')}"\nrunroot = "${join(d, 'run')}"\n`);
    env = { CONTAINERS_STORAGE_CONF: conf };
    const podman = (args: string[]) => runChecked('podman', args, { timeoutMs: 120_000, env });
    await podman(['import', await fs.tarball, 'localhost/ovsft/busybox:1']);
    // Podman raises RLIMIT_NOFILE and NPROC past this machine's hard limits unless told not to.
    await podman(['run', '-d', '--name', name, '--network', 'none', '--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024', 'localhost/ovsft/busybox:1', ...cmd]);
  } else {
    const socket = join(d, 'containerd.sock');
    const config = join(d, 'config.toml');
    writeFileSync(
      config,
      `version = 2\nroot = "${join(d, 'root')}"\nstate = "${join(d, 'state')}"\ndisabled_plugins = ["io.containerd.grpc.v1.cri"]\n[grpc]\n  address = "${socket}"\n[ttrpc]\n  address = "${socket}.ttrpc"\n`,
    );
    spawnDetached('containerd', ['--config', config], { logFile: join(d, 'containerd.log') });
    env = { CONTAINERD_ADDRESS: socket };
    await waitFor('containerd', async () => (await run('ctr', ['version'], { env, timeoutMs: 5_000 })).exitCode === 0);
    // An unpacked rootfs needs no image store; the task gets a network namespace of its own.
    await runChecked('ctr', ['-n', 'ovsft', 'run', '-d', '--rootfs', fs.path, name, ...cmd], { env, timeoutMs: 60_000 });
  }
  const pid = await containerPidByMarker(marker);
  await ipNetnsAdd(PEER_NETNS).catch(() => undefined);
  const peer = `v-${runtime}`;
  await ipVethAdd({ name: 'eth1', netns: pid }, { name: peer, netns: PEER_NETNS });
  await runChecked('nsenter', ['--target', String(pid), '--net', 'ip', 'link', 'set', 'eth1', 'up']);
  return { runtime, name, env, marker, peer };
}

/** The pid whose command line is busybox sleep MARKER: found from /proc, not from any runtime. */
export async function containerPidByMarker(marker: string): Promise<number> {
  let pids: number[] = [];
  await waitFor(`the process sleeping ${marker}`, async () => (pids = pidsMentioning(`sleep ${marker}`)).length === 1);
  return pids[0]!;
}

/** Removes the container, stops its daemon, deletes its files; tolerates any of it being gone. */
export async function remove(c: { runtime: TestRuntime; name: string; env: Record<string, string> }): Promise<void> {
  const quiet = { env: c.env, timeoutMs: 60_000 };
  if (c.runtime === 'docker') await run('docker', ['rm', '-f', c.name], quiet);
  else if (c.runtime === 'podman') {
    await run('podman', ['rm', '-f', '-t', '0', c.name], quiet);
    await run('podman', ['rmi', '-f', 'localhost/ovsft/busybox:1'], quiet);
  } else {
    await run('ctr', ['-n', 'ovsft', 'task', 'kill', '-s', 'SIGKILL', c.name], quiet);
    // A killed task can be deleted once it has stopped; a daemon that is not running has none.
    const gone = async (): Promise<boolean> => !(await run('ctr', ['-n', 'ovsft', 'task', 'ls', '-q'], quiet)).stdout.split('\n').includes(c.name);
    await waitFor(`${c.name}'s task to go`, async () => (await gone()) || (await run('ctr', ['-n', 'ovsft', 'task', 'delete', c.name], quiet)).exitCode === 0);
    await run('ctr', ['-n', 'ovsft', 'container', 'delete', c.name], quiet);
  }
  // Daemons and shims started for this runtime name its directory on their command line.
  for (const pid of pidsMentioning(dir(c.runtime))) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // gone already
    }
  }
  await waitFor(`${c.runtime}'s daemon to exit`, async () => pidsMentioning(dir(c.runtime)).length === 0);
  rmSync(dir(c.runtime), { recursive: true, force: true });
}

/** What a killed run may have left: containers, daemons, the peer namespace. */
export async function removeLeftovers(runtimes: readonly TestRuntime[]): Promise<void> {
  for (const runtime of runtimes) {
    const env: Record<string, string> =
      runtime === 'docker' ? { DOCKER_HOST: `unix://${join(dir(runtime), 'docker.sock')}` } : runtime === 'podman' ? { CONTAINERS_STORAGE_CONF: join(dir(runtime), 'storage.conf') } : { CONTAINERD_ADDRESS: join(dir(runtime), 'containerd.sock') };
    await remove({ runtime, name: `ovsft_${runtime}`, env });
  }
  await ipNetnsDelete(PEER_NETNS);
  rmSync(BASE, { recursive: true, force: true });
}
