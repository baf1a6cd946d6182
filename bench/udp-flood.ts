// The bench's node UDP flooder: `node dist/bench/udp-flood.js HOST PORT SECONDS BYTES` sends
// BYTES-byte datagrams on a connected socket as fast as the kernel takes them, then prints
// {"sent":N,"failed":M}, counted on completion: N is what the kernel accepted.

import { createSocket } from 'node:dgram';
import { once } from 'node:events';

const [host, port, seconds, bytes] = process.argv.slice(2);
const socket = createSocket('udp4');
const payload = Buffer.alloc(Number(bytes));
let sent = 0;
let failed = 0;
const done = (err: Error | null): void => {
  if (err) failed++;
  else sent++;
};

socket.connect(Number(port), host);
await once(socket, 'connect');
const end = performance.now() + Number(seconds) * 1000;
// At most 1024 datagrams in flight: the socket never idles, and no backlog of buffers builds up.
let issued = 0;
const settled = (): number => sent + failed;
const turn = (): Promise<void> => new Promise((r) => setImmediate(r));
while (performance.now() < end) {
  for (; issued - settled() < 1024; issued++) socket.send(payload, done);
  await turn();
}
while (settled() < issued) await turn();
process.stdout.write(`${JSON.stringify({ sent, failed })}\n`);
socket.close();
