// How the live analysis sheds rather than slows the capture: a batch goes to the analysis worker
// only while the bytes it has not finished stay under a bound; otherwise the whole batch is skipped
// and counted, so the file keeps every frame and the analysis says it is partial.

export class ShedGate {
  /** Bytes sent to the worker and not yet analysed. */
  private queued = 0;
  shedPackets = 0;
  shedBatches = 0;

  constructor(private readonly limitBytes: number) {}

  /** True: send the batch (its bytes now count as queued); false: it is shed and counted. */
  admit(bytes: number, packets: number): boolean {
    // An idle worker always takes a batch, however large, so nothing is shed while it keeps up.
    if (this.queued > 0 && this.queued + bytes > this.limitBytes) {
      this.shedPackets += packets;
      this.shedBatches++;
      return false;
    }
    this.queued += bytes;
    return true;
  }

  /** The worker finished a batch of this many bytes. */
  settle(bytes: number): void {
    this.queued -= bytes;
  }

  get queuedBytes(): number {
    return this.queued;
  }
}
