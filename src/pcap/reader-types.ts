// Shared limits and callback shapes of the record readers.

import { InputError, inputMessage } from '../errors.js';
import type { CaptureSummary, Direction, PacketRecord } from './types.js';

/** Called per record; the summary's interface list is complete up to this record. */
export type RecordSink = (record: PacketRecord, summary: CaptureSummary) => void;

/** No real record or block is larger: GRO/BIG TCP frames stay below 1 MiB, 16 MiB leaves room. */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** libpcap's MAXIMUM_SNAPLEN, what tcpdump captures by default. */
const MAXIMUM_SNAPLEN = 262144;

/** libpcap's max_snaplen_for_dlt (pcap-common.c): the largest record it reads of a link type, whatever the snap length says. */
export function maxSnapLenFor(linkType: number): number {
  switch (linkType) {
    case 231: // LINKTYPE_DBUS
      return 128 * 1024 * 1024;
    case 249: // LINKTYPE_USBPCAP
      return 1024 * 1024;
    case 279: // LINKTYPE_EBHSCR
      return 8 * 1024 * 1024;
    default:
      return MAXIMUM_SNAPLEN;
  }
}

/**
 * A record captured past its snap length (snapLen > 0): libpcap and tshark read it when it stays
 * within the link type's maximum, so it is read, with one warning per file (the first such record);
 * past both it is refused. MAX_RECORD_BYTES bounds it either way, checked by the caller.
 */
export function overSnapLen(summary: CaptureSummary, off: number, capLen: number, snapLen: number, linkType: number, what: string): void {
  const max = maxSnapLenFor(linkType);
  const claim = `${what} claims ${capLen} captured bytes, more than the snap length ${snapLen}`;
  if (capLen > max) throw new InputError(summary.path, off, `${claim} and the ${max} bytes libpcap allows for link type ${linkType}`);
  summary.warning ??= inputMessage(summary.path, off, `${claim}; read on, as libpcap reads up to ${max} bytes for link type ${linkType}`);
}

/** The one record a reader refills (ReadOptions.reuseRecord): `data` is made only when asked for. */
export class RefilledRecord implements PacketRecord {
  frame = 0;
  offset = 0;
  interfaceId = 0;
  linkType = 0;
  tsSec = 0;
  tsNsec = 0;
  capLen = 0;
  wireLen = 0;
  direction: Direction = 'unknown';
  flags?: number;
  chunk: Buffer = Buffer.alloc(0);
  dataAt = 0;

  get data(): Buffer {
    return this.chunk.subarray(this.dataAt, this.dataAt + this.capLen);
  }
}
