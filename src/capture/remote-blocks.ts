// A remote ovsforensics capture's pcapng stream (`capture … -w -` over ssh) cut into whole blocks,
// so the local side appends its Enhanced Packet Blocks in runs as they came, renumbering only the
// interface id in place (docs/remote-capture.md, "How frames travel"). Its section header, interface
// and statistics blocks are read into a summary; the stream is ours: little-endian, nanosecond stamps.

import type { Readable } from 'node:stream';
import { readOptions } from '../pcap/pcapng-reader.js';
import type { CaptureSummary, InterfaceStatistics } from '../pcap/types.js';

const SHB = 0x0a0d0d0a;
const IDB = 1;
const ISB = 5;
const EPB = 6;
const LE_MAGIC = 0x1a2b3c4d;
/** A block this long is a broken stream, not a frame (the remote snap length is at most 256 KiB). */
const MAX_BLOCK_BYTES = 1024 * 1024;

/** Runs of whole EPBs: each part holds one or more, back to back, as views of the chunks read. */
export interface BlockRun {
  parts: Buffer[];
  packets: number;
}

const fail = (why: string): never => {
  throw new Error(`not an ovsforensics capture stream: ${why}`);
};

export class RemoteBlockReader {
  readonly summary: CaptureSummary;
  private carry: Buffer | undefined;

  constructor(name: string) {
    this.summary = { path: name, format: 'pcapng', gzip: false, interfaces: [], packets: 0, bytes: 0 };
  }

  /** Cuts one chunk: its whole EPBs as a run (the partial last block kept for the next chunk); other blocks read into the summary. */
  push(chunk: Buffer): BlockRun {
    const buf = this.carry === undefined ? chunk : Buffer.concat([this.carry, chunk]);
    this.carry = undefined;
    const run: BlockRun = { parts: [], packets: 0 };
    let at = 0;
    let epbStart = -1;
    while (at + 12 <= buf.length) {
      const type = buf.readUInt32LE(at);
      const total = buf.readUInt32LE(at + 4);
      if (total < 12 || total % 4 !== 0 || total > MAX_BLOCK_BYTES) fail(`block of ${total} bytes`);
      if (at + total > buf.length) break;
      if (type === EPB) {
        if (total < 32) fail(`packet block of ${total} bytes`);
        if (epbStart < 0) epbStart = at;
        run.packets++;
        this.summary.packets++;
        this.summary.bytes += buf.readUInt32LE(at + 20);
      } else {
        if (epbStart >= 0) run.parts.push(buf.subarray(epbStart, at));
        epbStart = -1;
        this.control(type, buf.subarray(at, at + total));
      }
      at += total;
    }
    if (epbStart >= 0) run.parts.push(buf.subarray(epbStart, at));
    if (at < buf.length) this.carry = buf.subarray(at);
    return run;
  }

  /** True when the stream ended on a block boundary. */
  get idle(): boolean {
    return this.carry === undefined;
  }

  private control(type: number, b: Buffer): void {
    const end = b.length - 4;
    const u16 = (o: number): number => b.readUInt16LE(o);
    if (type === SHB) {
      if (b.length < 28 || b.readUInt32LE(8) !== LE_MAGIC) fail('its section is not little-endian');
      // A new section numbers its interfaces from 0 again; ours writes one section.
      if (this.summary.interfaces.length > 0) fail('a second section');
    } else if (type === IDB) {
      if (b.length < 20) fail('short interface block');
      const id = this.summary.interfaces.length;
      const i: CaptureSummary['interfaces'][number] = { id, linkType: u16(8), snapLen: b.readUInt32LE(12), tsUnitsPerSec: 1e9 };
      readOptions(b, 16, end, u16, fail, (code, v) => {
        if (code === 2) i.name = v.toString('utf8');
        else if (code === 3) i.description = v.toString('utf8');
        else if (code === 9 && v[0] !== 9) fail(`interface ${id}'s timestamps are not in nanoseconds`);
      });
      this.summary.interfaces.push(i);
    } else if (type === ISB) {
      if (b.length < 24) fail('short statistics block');
      const i = this.summary.interfaces[b.readUInt32LE(8)] ?? fail('statistics of an undeclared interface');
      const s: InterfaceStatistics = {};
      readOptions(b, 20, end, u16, fail, (code, v) => {
        if (code === 1) (s.comments ??= []).push(v.toString('utf8'));
        else if (v.length === 8 && (code === 4 || code === 5 || code === 7)) s[code === 4 ? 'ifrecv' : code === 5 ? 'ifdrop' : 'osdrop'] = Number(v.readBigUInt64LE(0));
      });
      i.stats = s;
    }
  }
}

/**
 * Reads a remote stream to its end, run by run; onRun may return a promise (the output is a slow
 * pipe) and the stream waits for it. Resolves with the summary and the error that stopped it, if any.
 */
export function readRemoteBlocks(name: string, stream: Readable, onRun: (run: BlockRun, summary: CaptureSummary) => Promise<void> | undefined): Promise<{ summary: CaptureSummary; error?: Error }> {
  const reader = new RemoteBlockReader(name);
  return new Promise((resolve) => {
    let error: Error | undefined;
    stream.on('data', (chunk: Buffer) => {
      if (error !== undefined) return;
      try {
        const run = reader.push(chunk);
        const wait = run.packets === 0 ? undefined : onRun(run, reader.summary);
        if (wait !== undefined) {
          stream.pause();
          void wait.then(() => stream.resume());
        }
      } catch (e) {
        // Keep what came before, drain the rest unread.
        error = new Error(`${name}: ${(e as Error).message}`);
      }
    });
    stream.once('close', () => {
      if (error === undefined && !reader.idle) error = new Error(`${name}: the stream ended inside a block`);
      resolve({ summary: reader.summary, ...(error === undefined ? {} : { error }) });
    });
  });
}
