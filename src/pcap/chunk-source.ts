// Where record readers get their bytes: a file read in large chunks straight into the caller's
// buffer, gunzipped on the fly when it starts with the gzip magic, or a live stream (a capture
// program's stdout).

import { createReadStream } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError } from '../errors.js';
import { ReadableFile } from './file-reads.js';

export const CHUNK_SIZE = 4 * 1024 * 1024;

export interface ChunkSource {
  path: string;
  gzip: boolean;
  /** Size on disk (Infinity for a live stream); for gzip input the uncompressed size is unknown. */
  fileSize: number;
  /** Offset in the file of the stream's first byte: non-zero for a range of a file read with its header in front (range-source.ts). */
  startOffset?: number;
  /** Bytes of the file consumed so far (compressed bytes for gzip), for progress. */
  consumed(): number;
  /** Reads the next bytes of the stream into buf from `at` on, up to its end; returns how many (0 at the end). */
  readInto(buf: Buffer, at: number): Promise<number>;
  /** Ends the source: a read pending or asked for after this finds the end (0), never an error. */
  close(): Promise<void>;
}

export async function openChunkSource(path: string): Promise<ChunkSource> {
  let fh;
  try {
    fh = await ReadableFile.open(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(path, undefined, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot open (${code ?? String(e)})`);
  }
  const stat = await fh.stat();
  if (stat.isDirectory()) {
    await fh.close();
    throw new InputError(path, undefined, 'is a directory');
  }
  const head = Buffer.alloc(2);
  const bytesRead = await fh.read(head, 0, 2, 0);
  if (bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b) {
    await fh.close();
    return gzipSource(path, stat.size);
  }
  let position = 0;
  let closed = false;
  return {
    path,
    gzip: false,
    fileSize: stat.size,
    consumed: () => position,
    async readInto(buf, at) {
      if (closed) return 0;
      let bytesRead: number;
      try {
        bytesRead = await fh.read(buf, at, buf.length - at, position);
      } catch (e) {
        throw new InputError(path, position, `cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      }
      position += bytesRead;
      return bytesRead;
    },
    // A read in flight is waited for by ReadableFile.close.
    close: () => {
      closed = true;
      return fh.close();
    },
  };
}

function gzipSource(path: string, fileSize: number): ChunkSource {
  const raw = createReadStream(path, { highWaterMark: 1024 * 1024 });
  const gunzip = createGunzip({ chunkSize: 1024 * 1024 });
  // pipeline hands a read error of the file to gunzip, hence to the iterator below; its own callback has nothing to add.
  pipeline(raw, gunzip, () => undefined);
  const it = gunzip[Symbol.asyncIterator]();
  let pending: Buffer = Buffer.alloc(0);
  let ended = false;
  let closed = false;
  return {
    path,
    gzip: true,
    fileSize,
    consumed: () => raw.bytesRead,
    async readInto(buf, at) {
      if (closed) return 0;
      while (pending.length === 0 && !ended) {
        try {
          const r = await it.next();
          if (closed) return 0;
          if (r.done) ended = true;
          else pending = r.value as Buffer;
        } catch (e) {
          // Destroyed by close(): the reader asked for no more, so there is nothing to report.
          if (closed) return 0;
          throw new InputError(path, raw.bytesRead, `gzip stream is damaged (${(e as Error).message})`);
        }
      }
      const n = pending.copy(buf, at);
      pending = pending.subarray(n);
      return n;
    },
    async close() {
      closed = true;
      ended = true;
      raw.destroy();
      gunzip.destroy();
    },
  };
}

/** Unread bytes a live stream may queue before it is paused (its writer then blocks and, for a capture, the kernel counts drops). */
const STREAM_QUEUE_BYTES = 32 * 1024 * 1024;

/**
 * A live byte stream (a capture program's stdout) under a name for messages. It flows: the pipe is
 * drained as fast as data comes, not one small read per request, up to STREAM_QUEUE_BYTES queued.
 */
export function readableSource(path: string, stream: Readable): ChunkSource {
  const queue: Buffer[] = [];
  let queued = 0;
  let taken = 0;
  let ended = false;
  let failure: Error | undefined;
  let closed = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  stream.on('data', (d: Buffer) => {
    queue.push(d);
    queued += d.length;
    if (queued > STREAM_QUEUE_BYTES) stream.pause();
    notify();
  });
  stream.once('end', () => {
    ended = true;
    notify();
  });
  stream.once('error', (e) => {
    failure = e;
    notify();
  });
  return {
    path,
    gzip: false,
    fileSize: Number.POSITIVE_INFINITY,
    consumed: () => taken,
    async readInto(buf, at) {
      while (queue.length === 0 && !ended && failure === undefined && !closed) await new Promise<void>((r) => (wake = r));
      if (closed) return 0;
      if (queue.length === 0) {
        if (failure !== undefined) throw new InputError(path, taken, `stream failed (${failure.message})`);
        return 0;
      }
      let n = 0;
      while (queue.length > 0 && at + n < buf.length) {
        const head = queue[0]!;
        const c = head.copy(buf, at + n);
        n += c;
        if (c === head.length) queue.shift();
        else queue[0] = head.subarray(c);
      }
      queued -= n;
      taken += n;
      if (stream.isPaused() && queued <= STREAM_QUEUE_BYTES / 2) stream.resume();
      return n;
    },
    async close() {
      closed = true;
      stream.destroy();
      notify();
    },
  };
}
