// Opens a capture file of any supported format (told apart by magic number, gzip or not) and
// streams its records to a callback. Reading stops at the first bad record; what came before
// was already delivered, and the error comes back with the summary instead of being thrown.

import { InputError } from '../errors.js';
import { openChunkSource, type ChunkSource } from './chunk-source.js';
import { PCAP_MAGIC_NS, PCAP_MAGIC_US, readPcap } from './pcap-reader.js';
import { PCAPNG_SHB, readPcapng } from './pcapng-reader.js';
import type { RecordSink } from './reader-types.js';
import { RecordWindow } from './record-window.js';
import type { CaptureSummary } from './types.js';

export interface ReadOptions {
  /** Called about every 4 MiB with bytes of the file consumed and the file's size. */
  onProgress?: (consumed: number, total: number) => void;
  /** Awaited before each refill (about every 4 MiB): lets a merge of several files pace them by time. */
  beforeRefill?: () => Promise<void> | undefined;
  /**
   * The buffer for each chunk (`bytes`, or fewer for smaller reads: its first READ_PREFIX bytes are
   * kept for the previous chunk's tail): fresh ones for a caller that keeps chunks past the reader, or two of the caller's in turn.
   */
  chunkBuffer?: (bytes: number) => Buffer;
  /** The sink gets the same record object for every packet, refilled (it keeps no record): no object per record. */
  reuseRecord?: boolean;
}

export interface ReadResult {
  summary: CaptureSummary;
  error?: InputError;
}

function swap32(v: number): number {
  return (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
}

export async function readCapture(path: string, sink: RecordSink, options: ReadOptions = {}): Promise<ReadResult> {
  return readSource(await openChunkSource(path), sink, options);
}

/** readCapture over any ChunkSource (a live capture program's stdout too); closes the source. */
export async function readSource(source: ChunkSource, sink: RecordSink, options: ReadOptions = {}): Promise<ReadResult> {
  const path = source.path;
  const summary: CaptureSummary = { path, format: 'pcap', gzip: source.gzip, interfaces: [], packets: 0, bytes: 0 };
  const win = new RecordWindow(source, options.beforeRefill, options.chunkBuffer);
  const progress = options.onProgress;
  const wrapped: RecordSink = progress
    ? (() => {
        let lastBase = -1;
        return (rec, s) => {
          if (win.base !== lastBase) {
            lastBase = win.base;
            progress(source.consumed(), source.fileSize);
          }
          sink(rec, s);
        };
      })()
    : sink;
  try {
    if (!(await win.have(4))) throw new InputError(path, 0, win.available === 0 ? 'file is empty' : 'file is too short to hold a capture header');
    const magic = win.buf.readUInt32BE(win.pos);
    if (magic === PCAP_MAGIC_US || magic === PCAP_MAGIC_NS || swap32(magic) === PCAP_MAGIC_US || swap32(magic) === PCAP_MAGIC_NS) {
      await readPcap(win, summary, wrapped, options.reuseRecord);
    } else if (magic === PCAPNG_SHB) {
      await readPcapng(win, summary, wrapped, options.reuseRecord);
    } else {
      throw new InputError(path, 0, `not a pcap or pcapng file (magic 0x${magic.toString(16).padStart(8, '0')})`);
    }
    return { summary };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    summary.error = e.message;
    return { summary, error: e };
  } finally {
    await win.close();
  }
}
