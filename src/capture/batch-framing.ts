// The native engine's stdout (native/ovsf-capture.c): batches of whole pcapng Enhanced Packet
// Blocks, each after a 16-byte header, so the parent handles one header per batch and appends the
// payload to its pcapng as it is (docs/capture.md, "The native engine").
//
//   Batch header (little-endian u32 each)       Payload: EPBs as src/pcap/pcapng-writer.ts lays
//   +-------------------------------+           them out (type 6, total length, interface id,
//   | Magic "OVSB" (0x4253564F)     |           timestamp high/low in ns, captured and wire
//   | Payload bytes                 |           length, data padded to 4, epb_flags when the
//   | Packets                       |           direction is known, total length again)
//   | Captured bytes (sum of data)  |
//   +-------------------------------+

import type { Readable } from 'node:stream';

export const BATCH_MAGIC = 0x4253564f;
export const BATCH_HEADER_BYTES = 16;
/** The engine's batches are 1 MiB; a larger claim is a broken stream, not a batch. */
export const MAX_BATCH_BYTES = 1024 * 1024;

export interface Batch {
  /** The payload, as views into the chunks the pipe delivered (no copy). */
  parts: Buffer[];
  bytes: number;
  packets: number;
  captured: number;
}

/** Cuts a byte stream into batches; throws on a header that is not one (the stream is not the engine's). */
export class BatchReader {
  private head = Buffer.alloc(BATCH_HEADER_BYTES);
  private headFill = 0;
  private current: Batch | undefined;
  private missing = 0;

  /** Feeds one chunk; calls `onBatch` for every batch it completes. */
  push(chunk: Buffer, onBatch: (b: Batch) => void): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.current === undefined) {
        const n = Math.min(BATCH_HEADER_BYTES - this.headFill, chunk.length - at);
        chunk.copy(this.head, this.headFill, at, at + n);
        this.headFill += n;
        at += n;
        if (this.headFill < BATCH_HEADER_BYTES) return;
        this.headFill = 0;
        this.current = parseHeader(this.head);
        this.missing = this.current.bytes;
      }
      const n = Math.min(this.missing, chunk.length - at);
      if (n > 0) this.current.parts.push(chunk.subarray(at, at + n));
      at += n;
      this.missing -= n;
      if (this.missing === 0) {
        const done = this.current;
        this.current = undefined;
        onBatch(done);
      }
    }
  }

  /** True when the stream ended on a batch boundary. */
  get idle(): boolean {
    return this.current === undefined && this.headFill === 0;
  }
}

function parseHeader(h: Buffer): Batch {
  const magic = h.readUInt32LE(0);
  if (magic !== BATCH_MAGIC) throw new Error(`not a capture batch (magic 0x${magic.toString(16)})`);
  const bytes = h.readUInt32LE(4);
  if (bytes > MAX_BATCH_BYTES || bytes % 4 !== 0) throw new Error(`capture batch of ${bytes} bytes`);
  return { parts: [], bytes, packets: h.readUInt32LE(8), captured: h.readUInt32LE(12) };
}

/** The batch's payload in one buffer: `out` (b.bytes long at least), or one of its own (transferable to a worker). */
export function gather(b: Batch, out: Buffer = Buffer.allocUnsafeSlow(b.bytes)): Buffer {
  let at = 0;
  for (const p of b.parts) at += p.copy(out, at);
  return at === out.length ? out : out.subarray(0, at);
}

/** The first `keep` blocks of a batch (-c reached inside it): walked block by block, this batch only. */
export function firstBlocks(b: Batch, keep: number): Batch {
  const all = gather(b);
  let end = 0;
  let captured = 0;
  let i = 0;
  for (; i < keep && end + 32 <= all.length; i++) {
    const total = all.readUInt32LE(end + 4);
    if (total < 32 || end + total > all.length) break;
    captured += all.readUInt32LE(end + 20);
    end += total;
  }
  return { parts: [all.subarray(0, end)], bytes: end, packets: i, captured };
}

/**
 * Reads a native engine's stdout to its end, batch by batch; onBatch may return a promise (the
 * output is a slow pipe) and the stream waits for it. Resolves with the error that stopped it, if any.
 */
export function readBatchStream(stream: Readable, onBatch: (b: Batch) => Promise<void> | undefined): Promise<{ error?: Error }> {
  const reader = new BatchReader();
  return new Promise((resolve) => {
    let error: Error | undefined;
    stream.on('data', (chunk: Buffer) => {
      if (error !== undefined) return;
      try {
        reader.push(chunk, (b) => {
          const wait = onBatch(b);
          if (wait !== undefined) {
            stream.pause();
            void wait.then(() => stream.resume());
          }
        });
      } catch (e) {
        // Not the engine's stream any more: keep what came before, drain the rest unread.
        error = e as Error;
      }
    });
    stream.once('close', () => {
      if (error === undefined && !reader.idle) error = new Error('the capture stream ended inside a batch');
      resolve(error === undefined ? {} : { error });
    });
  });
}
