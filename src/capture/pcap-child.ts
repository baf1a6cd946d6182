// The capture child: run inside the target's network namespace (nsenter / ip netns exec), it opens
// one libpcap handle and streams every frame to stdout as nanosecond pcap, the same format as the
// tcpdump fallback, so the parent has one parser. libpcap's counters go to stderr as JSON lines,
// once a second and a last time ({"final":true}) after SIGINT/SIGTERM.
//
// argv[2]: JSON ChildConfig. Exit 3 when the binding cannot load, 4 when libpcap cannot open.

import { PcapWriter } from '../pcap/pcap-writer.js';
import { linkTypeNumber, loadPcapBinding, type PcapPacket, type PcapSession } from './binding.js';
import type { ChildConfig, ChildStats } from './child-protocol.js';
import { fdBatcher } from './fd-batcher.js';

const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
const loaded = loadPcapBinding();
if ('error' in loaded) {
  process.stderr.write(`${JSON.stringify({ error: `libpcap binding: ${loaded.error}` })}\n`);
  process.exit(3);
}

let session: PcapSession;
try {
  // A short block timeout: TPACKET_V3 hands over a ring block only when full or this old.
  session = loaded.pcap.createSession(config.iface, { filter: config.filter, buffer_size: config.bufferBytes, snap_length: config.snapLen, buffer_timeout: 100 });
} catch (e) {
  process.stderr.write(`${JSON.stringify({ error: `libpcap: ${config.iface}: ${(e as Error).message}` })}\n`);
  process.exit(4);
}

process.stderr.write(`${JSON.stringify({ ready: true })}\n`);

const out = fdBatcher(1);
out.on('error', () => process.exit(0)); // the parent went away
const writer = new PcapWriter(out, { linkType: linkTypeNumber(session.link_type), snapLen: config.snapLen, nanosecond: true });

session.on('packet', (p: PcapPacket) => {
  const h = p.header;
  const capLen = h.readUInt32LE(8);
  // writePacket copies the bytes out of node_pcap's reused buffer.
  writer.writePacket({ tsSec: h.readUInt32LE(0), tsNsec: h.readUInt32LE(4) * 1000, data: p.buf.subarray(0, capLen), wireLen: h.readUInt32LE(12) });
});

function stats(final: boolean): ChildStats {
  const s = session.stats();
  return { recv: s.ps_recv, drop: s.ps_drop, ifdrop: s.ps_ifdrop, final };
}

const ticker = setInterval(() => {
  // Orphaned (the parent was SIGKILLed): stop rather than capture for no one.
  if (process.ppid !== config.parentPid) void stop();
  else process.stderr.write(`${JSON.stringify(stats(false))}\n`);
}, 1000);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  clearInterval(ticker);
  // Let the last partly filled ring block retire and be dispatched.
  await new Promise((r) => setTimeout(r, 250));
  const last = stats(true);
  session.close();
  await writer.close();
  process.stderr.write(`${JSON.stringify(last)}\n`);
  process.exit(0);
}

process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
