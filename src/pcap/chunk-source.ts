// Where record readers get their bytes: a file read in large chunks straight into the caller's
// buffer, gunzipped on the fly when it starts with the gzip magic.

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
  /** Reads the next bytes of the stream into buf from `at` on, up to its end; returns how many (0 at the end). */
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
  return {
    path,
    gzip: false,
    fileSize: stat.size,
    consumed: () => position,
    async readInto(buf, at) {
      const { bytesRead } = await fh.read(buf, at, buf.length - at, position);
      position += bytesRead;
      return bytesRead;
    },
    close: () => fh.close(),
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
