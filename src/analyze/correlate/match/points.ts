// The capture points, fixed before the merge starts: one per NAME=FILE, or one per interface of a
// pcapng that has several (NAME/ifname), or the one interface NAME=FILE#ifname selects.

import { InputError } from '../../../errors.js';
import { READ_PREFIX, readCapture } from '../../../pcap/index.js';
import type { CaptureInterface } from '../../../pcap/types.js';

/** A capture point as the merge counts it; `input` indexes the inputs, `reader` the files being read. */
export interface PointState {
  name: string;
  input: number;
  interfaceId?: number;
  /** The interface's if_name, where the file names it (a capture's HOST/NETNS/IFACE). */
  interfaceName?: string;
  reader: number;
  packets: number;
  segments: number;
  firstRaw?: number;
  lastRaw?: number;
}

export interface PointSpec {
  name: string;
  path: string;
  /** Interface name (if_name) or index within the file, from FILE#IFNAME. */
  interface?: string;
}

/** Stops the probe once it knows enough. */
class ProbeDone extends Error {}

/** A probe's first two reads (the one it waits for and the one read ahead): a pcap's header and first record need no more. */
const FIRST_READS = 2;
const FIRST_READ_BYTES = 64 * 1024;

/**
 * The interfaces of a capture. pcap has exactly one; a pcapng may describe an interface after
 * packets of others (a live capture adds each point when its first frame comes), so it is read on
 * until the interface asked for shows up, or to its end when every interface is a point.
 */
export async function probeInterfaces(path: string, want?: string): Promise<{ interfaces: CaptureInterface[]; error?: InputError }> {
  let interfaces: CaptureInterface[] = [];
  let reads = 0;
  // Past the first reads (a pcapng read on), two chunks in turn, as the reader takes by default.
  const chunks: Buffer[] = [];
  const chunkBuffer = (bytes: number): Buffer => (reads++ < FIRST_READS ? Buffer.allocUnsafe(READ_PREFIX + FIRST_READ_BYTES) : (chunks[reads & 1] ??= Buffer.allocUnsafe(bytes)));
  try {
    const r = await readCapture(
      path,
      (_rec, summary) => {
        interfaces = summary.interfaces;
        if (summary.format !== 'pcapng' || (want !== undefined && interfaces.some((i) => matches(i, want)))) throw new ProbeDone();
      },
      { chunkBuffer },
    );
    return r.error ? { interfaces: r.summary.interfaces, error: r.error } : { interfaces: r.summary.interfaces };
  } catch (e) {
    if (e instanceof ProbeDone) return { interfaces };
    if (e instanceof InputError) return { interfaces, error: e };
    throw e;
  }
}

const ifName = (i: CaptureInterface): string => i.name ?? `if${i.id}`;
const matches = (i: CaptureInterface, want: string): boolean => ifName(i) === want || String(i.id) === want;

export interface PointsOf {
  spec: PointSpec;
  /** The spec's index among the inputs and among the files read. */
  input: number;
  reader: number;
  /** The file's interfaces, as probed. */
  interfaces: CaptureInterface[];
  /** Index of its first point among all points. */
  first: number;
}

/** Points of one spec in interface order; `byInterface[id]` is the point index or -1 (not selected). */
export function pointsOf({ spec, input, reader, interfaces, first }: PointsOf): { points: PointState[]; byInterface: number[] } {
  const byInterface = interfaces.map(() => -1);
  let chosen = interfaces;
  if (spec.interface !== undefined) {
    const want = spec.interface;
    chosen = interfaces.filter((i) => matches(i, want));
    if (chosen.length === 0) {
      throw new InputError(spec.path, undefined, `no interface "${want}" (it has ${interfaces.map(ifName).join(', ') || 'none'})`);
    }
  }
  const points = chosen.slice(0, spec.interface !== undefined ? 1 : undefined).map((i, k): PointState => {
    byInterface[i.id] = first + k;
    const name = spec.interface === undefined && chosen.length > 1 ? `${spec.name}/${ifName(i)}` : spec.name;
    const p: PointState = { name, input, reader, packets: 0, segments: 0 };
    if (interfaces.length > 1) p.interfaceId = i.id;
    if (i.name !== undefined) p.interfaceName = i.name;
    return p;
  });
  return { points, byInterface };
}
