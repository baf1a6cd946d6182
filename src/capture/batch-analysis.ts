// The live analysis' work, on whichever thread runs it: the Analyzer over batches of Enhanced
// Packet Blocks as the capture wrote them, frames numbered as they lie in the file. The analysis
// worker (analysis-worker.ts) runs one; bench/live-replay.ts runs one over a recorded capture.

import { Analyzer, type InputContext } from '../analyze/analyzer.js';
import type { Analysis, VerdictCounts } from '../analyze/types.js';
import type { CaptureSummary, PacketRecord } from '../pcap/types.js';
import { EpbRecords } from './epb-records.js';

export class BatchAnalysis {
  private readonly analyzer = new Analyzer();
  private readonly records = new EpbRecords();
  // By interface id: arrays, since a Map lookup per frame shows in profiles.
  private readonly linkTypes: (number | undefined)[] = [];
  private readonly labels: string[] = [];
  /** The input of the batch at hand: one object, so one callback serves every batch. */
  private readonly input: InputContext;
  private readonly linkTypeOf = (id: number): number | undefined => this.linkTypes[id];
  private readonly onRecord = (rec: PacketRecord): void => this.analyzer.add(rec, this.input, this.labels[rec.interfaceId]);

  constructor(point: string) {
    this.input = { index: 0, point };
  }

  addInterface(id: number, linkType: number, label: string): void {
    this.linkTypes[id] = linkType;
    this.labels[id] = label;
  }

  /** Analyses the EPBs of buf, of the file `input`, the first numbered firstFrame; an error text where a block does not fit. */
  add(buf: Buffer, input: number, firstFrame: number): string | undefined {
    this.input.index = input;
    return this.records.read(buf, firstFrame, this.linkTypeOf, this.onRecord);
  }

  /** Innermost-segment verdicts so far. */
  get segmentCounts(): Readonly<VerdictCounts> {
    return this.analyzer.segmentCounts;
  }

  finish(summaries: CaptureSummary[]): Analysis {
    return this.analyzer.finish(summaries);
  }
}
