// The capture's pcapng output: one file, stdout, or a ring of files cut at --rotate-size (each
// file a complete pcapng: its own section header and every interface block again).

import { closeSync, constants, fstatSync, ftruncateSync, openSync, readSync, rmSync } from 'node:fs';
import { PcapngWriter, type InterfaceStats, type PcapngInterface, type PcapngPacket } from '../pcap/index.js';
import type { CaptureInterface, CaptureSummary } from '../pcap/types.js';
import type { Spool } from './spool.js';

export interface OutputOptions {
  /** A file name, or "-" for stdout. */
  path: string;
  rotateBytes?: number;
  /** With rotateBytes: keep this many files, overwriting the oldest. */
  maxFiles?: number;
  application: string;
  /** With "-": the frames go to this deleted file first and are streamed to stdout from there (spool.ts). */
  spool?: Spool;
  /** Told of every interface as it is added (the live analysis names and decodes by it). */
  onInterface?: (id: number, i: PcapngInterface & { name: string }) => void;
}

/** Where a written frame landed: the file's index in summaries() and its frame number there. */
export interface Written {
  input: number;
  frame: number;
}

/** tcpdump's -C naming: FILE, then FILE1, FILE2… — here before the extension, cap-1.pcapng. */
export function rotatedName(path: string, index: number): string {
  if (index === 0) return path;
  const dot = path.lastIndexOf('.');
  const slash = path.lastIndexOf('/');
  return dot > slash + 1 ? `${path.slice(0, dot)}-${index}${path.slice(dot)}` : `${path}-${index}`;
}

export class CaptureOutput {
  private writer!: PcapngWriter;
  private fd: number | undefined;
  private readonly interfaces: (PcapngInterface & { name: string })[] = [];
  private readonly files: CaptureSummary[] = [];
  private current!: CaptureSummary;
  private sinceCheck = 0;

  constructor(private readonly o: OutputOptions) {
    this.open(0);
  }

  private open(index: number): void {
    const path = this.o.path === '-' ? '-' : this.o.rotateBytes === undefined ? this.o.path : rotatedName(this.o.path, index);
    // O_APPEND: the native engines may append to the same file (appended()), and our blocks go after theirs; read: readBack().
    this.fd = path === '-' ? this.o.spool?.fd : openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_TRUNC | constants.O_APPEND, 0o666);
    this.writer = new PcapngWriter(this.fd ?? process.stdout, { application: this.o.application });
    this.current = { path: path === '-' ? 'stdout' : path, format: 'pcapng', gzip: false, interfaces: [], packets: 0, bytes: 0 };
    this.files.push(this.current);
    for (const i of this.interfaces) this.declare(i);
  }

  private declare(i: PcapngInterface & { name: string }): void {
    const id = this.writer.addInterface(i);
    const desc: CaptureInterface = { id, linkType: i.linkType, snapLen: i.snapLen ?? 0, name: i.name, tsUnitsPerSec: 1e9 };
    if (i.description !== undefined) desc.description = i.description;
    this.current.interfaces.push(desc);
  }

  addInterface(i: PcapngInterface & { name: string }): number {
    this.interfaces.push(i);
    this.declare(i);
    const id = this.interfaces.length - 1;
    this.o.onInterface?.(id, i);
    return id;
  }

  /** Writes one frame; where it landed and its block (for the live analysis). */
  write(interfaceId: number, p: PcapngPacket): Written & { block: Buffer } {
    const block = this.writer.packetBlock(interfaceId, p);
    this.writer.appendBlocks([block]);
    const written = { input: this.files.length - 1, frame: ++this.current.packets, block };
    this.current.bytes += p.data.length;
    // fstat every 256 frames: the ring is cut within a few hundred KB of the size asked.
    if (++this.sinceCheck >= 256) this.checkSize();
    return written;
  }

  /** Appends a native engine batch (EPBs of declared interfaces) whole; where its first frame landed. */
  writeBlocks(blocks: readonly Buffer[], packets: number, captured: number): Written {
    this.writer.appendBlocks(blocks);
    const written = this.counted(packets, captured);
    this.checkSize();
    return written;
  }

  /** The file the engines may append to themselves (none for stdout or a ring of files) and its end now. */
  appendTarget(): { path: string; end: number } | undefined {
    if (this.fd === undefined || this.o.rotateBytes !== undefined) return undefined;
    const end = fstatSync(this.fd).size;
    // Our own blocks so far are whole: the spool may stream them.
    this.o.spool?.advance(end);
    return { path: this.o.spool?.path ?? this.current.path, end };
  }

  /** Counts a batch an engine appended to the file itself (complete up to `end`); where its first frame landed. */
  appended(packets: number, captured: number, end: number): Written {
    this.o.spool?.advance(end);
    return this.counted(packets, captured);
  }

  private counted(packets: number, captured: number): Written {
    const written = { input: this.files.length - 1, frame: this.current.packets + 1 };
    this.current.packets += packets;
    this.current.bytes += captured;
    return written;
  }

  /** Reads back bytes an engine appended (for the live analysis) into `out` (bytes long at least), or a buffer of their own; what it filled. */
  readBack(at: number, bytes: number, out: Buffer = Buffer.allocUnsafeSlow(bytes)): Buffer {
    for (let n = 0; n < bytes; ) {
      const got = readSync(this.fd!, out, n, bytes - n, at + n);
      if (got === 0) return out.subarray(0, n);
      n += got;
    }
    return bytes === out.length ? out : out.subarray(0, bytes);
  }

  /** Cuts the file the engines appended to at `at` (-c reached inside their batches). */
  truncate(at: number): void {
    ftruncateSync(this.fd!, at);
  }

  private checkSize(): void {
    this.sinceCheck = 0;
    if (this.o.rotateBytes !== undefined && this.fd !== undefined && fstatSync(this.fd).size >= this.o.rotateBytes) this.rotate();
  }

  private rotate(): void {
    closeSync(this.fd!);
    const next = this.files.length;
    const max = this.o.maxFiles;
    // A ring: the file about to be reused drops out of the list of inputs.
    if (max !== undefined && next >= max) {
      const old = this.files[next - max]!;
      old.error = 'overwritten (--max-files)';
      rmSync(old.path, { force: true });
    }
    this.open(max === undefined ? next : next % max);
  }

  /** Statistics blocks go to the current (last) file. */
  writeStats(interfaceId: number, s: InterfaceStats): void {
    this.writer.writeStats(interfaceId, s);
    const stats: NonNullable<CaptureInterface['stats']> = {};
    if (s.ifrecv !== undefined) stats.ifrecv = s.ifrecv;
    if (s.ifdrop !== undefined) stats.ifdrop = s.ifdrop;
    if (s.osdrop !== undefined) stats.osdrop = s.osdrop;
    if (s.comment !== undefined) stats.comments = [s.comment];
    this.current.interfaces[interfaceId]!.stats = stats;
  }

  /** While stdout is a slow pipe, a promise to wait on before reading more frames. */
  backpressure(): Promise<void> | undefined {
    const out = process.stdout;
    if (this.fd !== undefined || !out.writableNeedDrain || out.destroyed) return undefined;
    // A reader gone (a remote capture's ssh session ended) closes the pipe: no drain will come.
    return new Promise((r) => {
      const done = (): void => {
        out.off('drain', done).off('close', done);
        r();
      };
      out.on('drain', done).on('close', done);
    });
  }

  get interfaceCount(): number {
    return this.interfaces.length;
  }

  summaries(): CaptureSummary[] {
    return this.files;
  }

  /** With a spool, once the reader has taken all of it. */
  async close(): Promise<void> {
    if (this.fd === undefined) await this.writer.close();
    else if (this.o.spool !== undefined) await this.o.spool.finish(fstatSync(this.fd).size);
    else closeSync(this.fd);
  }
}
