// Shared limits and callback shapes of the record readers.

import type { CaptureSummary, PacketRecord } from './types.js';

/** Called per record; the summary's interface list is complete up to this record. */
export type RecordSink = (record: PacketRecord, summary: CaptureSummary) => void;

/** No real record or block is larger: GRO/BIG TCP frames stay below 1 MiB, 16 MiB leaves room. */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;
