// Where record readers get their bytes: a file read in large chunks, gunzipped on the fly when it
// starts with the gzip magic. Reads go straight into the caller's buffer, and the next one is
// already under way (libuv's thread pool) while the caller decodes the current one.

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { InputError } from '../errors.js';

export const CHUNK_SIZE = 4 * 1024 * 1024;

export interface ChunkSource {
  path: string;
  gzip: boolean;
  /** Size on disk; for gzip input the uncompressed size is unknown. */
  fileSize: number;
  /** Bytes of the file consumed so far (compressed bytes for gzip), for progress. */
  consumed(): number;
  /** Fills buf from `at` on with the next bytes of the stream; returns how many (0 at the end). */
  readInto(buf: Buffer, at: number): Promise<number>;
  close(): Promise<void>;
}

export async function openChunkSource(path: string): Promise<ChunkSource> {
  let fh;
  try {
    fh = await open(path, 'r');
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
  const { bytesRead } = await fh.read(head, 0, 2, 0);
  if (bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b) {
    await fh.close();
    return gzipSource(path, stat.size);
  }
  let position = 0;
  // One chunk read ahead into the spare of two buffers, copied into the caller's when asked.
  const spare = [Buffer.allocUnsafe(CHUNK_SIZE), Buffer.allocUnsafe(CHUNK_SIZE)];
  let turn = 0;
  let ahead: Promise<Buffer> | undefined;
  const fetch = (): Promise<Buffer> => {
    const buf = spare[turn++ & 1]!;
    const at = position;
    position += CHUNK_SIZE;
    return fh.read(buf, 0, CHUNK_SIZE, at).then((r) => buf.subarray(0, r.bytesRead));
  };
  let consumed = 0;
  let pending: Buffer | undefined;
  return {
    path,
    gzip: false,
    fileSize: stat.size,
    consumed: () => consumed,
    async readInto(buf, at) {
      if (pending === undefined || pending.length === 0) {
        pending = await (ahead ?? fetch());
        ahead = pending.length > 0 ? fetch() : undefined;
      }
      const n = pending.copy(buf, at);
      pending = pending.subarray(n);
      consumed += n;
      return n;
    },
    async close() {
      await ahead?.catch(() => undefined);
      await fh.close();
    },
  };
}

function gzipSource(path: string, fileSize: number): ChunkSource {
  const raw = createReadStream(path, { highWaterMark: 1024 * 1024 });
  const gunzip = createGunzip({ chunkSize: 1024 * 1024 });
  raw.pipe(gunzip);
  const it = gunzip[Symbol.asyncIterator]();
  let pending: Buffer = Buffer.alloc(0);
  let ended = false;
  return {
    path,
    gzip: true,
    fileSize,
    consumed: () => raw.bytesRead,
    async readInto(buf, at) {
      while (pending.length === 0 && !ended) {
        try {
          const r = await it.next();
          if (r.done) ended = true;
          else pending = r.value as Buffer;
        } catch (e) {
          throw new InputError(path, raw.bytesRead, `gzip stream is damaged (${(e as Error).message})`);
        }
      }
      const n = pending.copy(buf, at);
      pending = pending.subarray(n);
      return n;
    },
    async close() {
      raw.destroy();
      gunzip.destroy();
    },
  };
}
