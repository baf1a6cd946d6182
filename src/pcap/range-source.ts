// A capture file read from a record boundary on, with the file's head (its pcap header, or pcapng
// section header and interfaces) in front, so the ordinary readers decode it as if it were a whole
// file: offsets stay those of the file. Whoever reads it stops where its range ends.

import { InputError } from '../errors.js';
import type { ChunkSource } from './chunk-source.js';
import { ReadableFile } from './file-reads.js';

export async function openRangeSource(path: string, head: Uint8Array, from: number, fileSize: number): Promise<ChunkSource> {
  const fh = await ReadableFile.open(path).catch((e: NodeJS.ErrnoException) => {
    throw new InputError(path, undefined, `cannot open (${e.code ?? String(e)})`);
  });
  let headLeft = from === 0 ? 0 : head.length;
  let position = from;
  let closed = false;
  return {
    path,
    gzip: false,
    fileSize,
    startOffset: from - headLeft,
    consumed: () => position,
    async readInto(buf, at) {
      if (closed) return 0;
      let n = 0;
      if (headLeft > 0) {
        n = Math.min(headLeft, buf.length - at);
        buf.set(head.subarray(head.length - headLeft, head.length - headLeft + n), at);
        headLeft -= n;
        at += n;
      }
      const want = Math.min(buf.length - at, fileSize - position);
      if (want <= 0) return n;
      let bytesRead: number;
      try {
        bytesRead = await fh.read(buf, at, want, position);
      } catch (e) {
        throw new InputError(path, position, `cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      }
      position += bytesRead;
      return n + bytesRead;
    },
    close: () => {
      closed = true;
      return fh.close();
    },
  };
}
