// The probe between the lab's containers (docs/investigate.md, "The probe"), each side on this host
// and each over ssh: the healthy overlay carries the transfer intact and every ping size; the OVS
// incident ends as a stall within its bound; an underlay MTU lowered inside the lab shows as a
// size threshold on the byte the tunnel's headers allow; no agent is left on either side.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { remoteHost, type RemoteHost } from '../../src/flags/remote.js';
import { ip, ipLinksIn } from '../../src/host/ip.js';
import { pidsMentioning, startBackground } from '../../src/host/process.js';
import { withSshSession } from '../../src/host/ssh.js';
import { pingOverhead } from '../../src/probe/pings.js';
import { runProbe, type ProbeOptions, type ProbeResult, type ProbeSide } from '../../src/probe/index.js';
import { NETNS_PREFIX } from '../../src/lab/topology.js';
import { CLI, LAB_SKIP, labDown, labStatus, labUp, until } from './harness.js';

const AGENT = fileURLToPath(new URL('../../src/probe/agent.js', import.meta.url));
/** VXLAN over IPv4: outer IP 20, UDP 8, VXLAN 8, inner Ethernet 14. */
const TUNNEL_OVERHEAD = 20 + 8 + 8 + 14;
const STALL_MS = 4_000;

/** Agents, probe-agents and pings this checkout started, on either host (the lab's hosts are namespaces of this machine). */
const leftovers = (): string[] => [...pidsMentioning(AGENT), ...pidsMentioning(`${CLI} probe-agent`), ...pidsMentioning('ping -n -q -c')].map(String);

describe('probe between the lab containers', { skip: LAB_SKIP }, () => {
  let hosts: Record<string, RemoteHost> = {};
  let sshConfig = '';
  before(async () => {
    await labUp('--offload', 'off');
    const s = await labStatus();
    sshConfig = s.hosts[0]!.ssh!.config;
    hosts = Object.fromEntries(s.hosts.map((h) => [h.name, remoteHost('--host', `${h.name}=${h.ssh!.target}`)]));
  });
  after(labDown);

  const side = (name: string, host?: string): ProbeSide => ({ target: { scope: { kind: 'container', name } }, ...(host === undefined ? {} : { host: hosts[host]! }) });
  const local = { from: side('test_mac'), to: side('test_mac_2') };

  /** Runs the probe (both sides over ssh when remote), then checks nothing it started is left. */
  async function probe(remote: boolean, o: Partial<ProbeOptions> = {}): Promise<{ r: ProbeResult; ms: number }> {
    const started = Date.now();
    const base = { ...local, bytes: 10_000_000, timeoutMs: 30_000, stallMs: STALL_MS, ...o };
    const r = remote
      ? await withSshSession(sshConfig, Object.values(hosts), (session) =>
          runProbe({ ...base, from: side('test_mac', 'hostA'), to: side('test_mac_2', 'hostB'), ssh: { session, remoteCommand: `${process.execPath} ${CLI}` } }),
        )
      : await runProbe(base);
    const ms = Date.now() - started;
    assert.deepEqual(leftovers(), [], 'no agent, probe-agent or ping left');
    return { r, ms };
  }

  /** The container interface's MTU as ip reports it. */
  const mtuOf = async (netns: string): Promise<number> => (await ipLinksIn({ netns })).links.find((l) => l.ifname === 'eth1')!.mtu;

  for (const remote of [false, true]) {
    test(`healthy overlay${remote ? ', both sides over ssh' : ''}: intact, equal SHA-256, every ping size crosses, no threshold`, async () => {
      const { r } = await probe(remote);
      assert.deepEqual([r.from.host, r.to.host], remote ? ['hostA', 'hostB'] : [r.from.host, r.from.host]);
      assert.deepEqual([r.from.name, r.from.address, r.to.name, r.to.address], ['test_mac', '10.10.0.1', 'test_mac_2', '10.10.0.2']);
      assert.equal(r.from.mtu, await mtuOf(`${NETNS_PREFIX}test_mac`));
      assert.equal(r.transfer.connected, true);
      assert.equal(r.transfer.intact, true, JSON.stringify(r.transfer));
      assert.equal(r.transfer.delivered, 10_000_000);
      assert.equal(r.transfer.receivedSha256, r.transfer.sentSha256);
      assert.equal(r.transfer.stalled, false);
      const fits = r.from.mtu - pingOverhead('inet');
      const top = r.pings.filter((p) => p.dontFragment).map((p) => p.payload);
      assert.equal(Math.max(...top), fits + 1);
      for (const p of r.pings) assert.equal(p.received > 0, !(p.dontFragment && p.payload > fits), JSON.stringify(p));
      assert.ok(r.pings.some((p) => !p.dontFragment && p.payload > r.from.mtu && p.received > 0), 'a fragmented ping crossed');
      assert.equal(r.sizeThreshold, undefined);
    });
  }

  test('ovsforensics missing on the far side: one error naming the host and the step', async () => {
    await assert.rejects(
      withSshSession(sshConfig, Object.values(hosts), (session) =>
        runProbe({ from: side('test_mac', 'hostA'), to: side('test_mac_2', 'hostB'), bytes: 1000, timeoutMs: 10_000, ssh: { session, remoteCommand: 'no-such-ovsforensics' } }),
      ),
      /^EnvironmentError: host[AB]: probe-agent (serve|target): `no-such-ovsforensics` not found there$/,
    );
    assert.deepEqual(leftovers(), []);
  });

  test('underlay MTU lowered on hostA: the threshold is what fits after the tunnel headers, to the byte', async () => {
    const underlay = 1200;
    await ip(`${NETNS_PREFIX}hostA`, ['link', 'set', 'dev', 'eth0', 'mtu', String(underlay)]);
    try {
      const { r } = await probe(false, { bytes: 1_000_000 });
      const largest = underlay - TUNNEL_OVERHEAD - pingOverhead('inet');
      assert.deepEqual(r.sizeThreshold, { largestOk: largest, smallestLost: largest + 1 }, JSON.stringify(r.pings));
      // Full-size TCP segments do not fit either: the transfer stalls while small pings cross.
      assert.equal(r.transfer.intact, false);
    } finally {
      await ip(`${NETNS_PREFIX}hostA`, ['link', 'set', 'dev', 'eth0', 'mtu', '1500']);
    }
  });

  describe('the OVS incident (offload on)', () => {
    before(() => labUp('--offload', 'on'));
    for (const remote of [false, true]) {
      test(`not intact, a stall, over within the stall bound, while every ping crosses${remote ? ', both sides over ssh' : ''}`, async () => {
        const { r } = await probe(remote);
        assert.equal(r.transfer.intact, false);
        assert.equal(r.transfer.stalled, true, JSON.stringify(r.transfer));
        assert.ok(r.transfer.delivered < 10_000_000);
        assert.ok(r.transfer.seconds < STALL_MS / 1000 + 2, `ended after ${r.transfer.seconds} s`);
        // ICMP checksums are made in software: the leak hits TCP only, so sizes make no difference.
        const fits = r.from.mtu - pingOverhead('inet');
        for (const p of r.pings) assert.equal(p.received > 0, !(p.dontFragment && p.payload > fits), JSON.stringify(p));
        assert.equal(r.sizeThreshold, undefined);
      });
    }

    /** Until both agents of a transfer are running (the incident keeps them waiting for the connection). */
    const agentsRunning = (): Promise<void> => until('both agents running', () => (pidsMentioning(`${AGENT} serve`).length > 0 && pidsMentioning(`${AGENT} send`).length > 0 ? [] : ['not yet']), 60_000);
    // Left alone, the agents would wait 10 s (lab traffic) or 30 s (below) for the connection.
    const GONE_MS = 5_000;

    for (const signal of ['SIGINT', 'SIGKILL'] as const) {
      test(`lab traffic ended by ${signal} mid-transfer: both agents end at once`, async () => {
        const traffic = startBackground(process.execPath, [CLI, 'lab', 'traffic', '--timeout', '60'], { timeoutMs: 120_000 });
        await agentsRunning();
        await traffic.stop(signal);
        await until('no agent left', leftovers, GONE_MS);
      });
    }

    test('the ssh sessions drop mid-transfer: the agents on both far sides end, and the probe says which host', async () => {
      const probing = withSshSession(sshConfig, Object.values(hosts), (session) =>
        runProbe({ from: side('test_mac', 'hostA'), to: side('test_mac_2', 'hostB'), bytes: 10_000_000, timeoutMs: 60_000, stallMs: 30_000, pings: false, ssh: { session, remoteCommand: `${process.execPath} ${CLI}` } }),
      ).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      await agentsRunning();
      const clients = pidsMentioning(`${CLI} probe-agent`).filter((p) => readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'ssh');
      assert.equal(clients.length, 2, 'one ssh session per side');
      for (const p of clients) process.kill(p, 'SIGKILL');
      await until('no agent left', leftovers, GONE_MS);
      assert.match((await probing)?.message ?? 'no error', /^host[AB]: probe-agent (serve|send): /);
    });
  });
});
