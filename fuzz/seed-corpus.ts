// What mutations start from: the sample captures (pcap and pcapng), small slices of them, the gzip
// of each; and for `report`, analysis JSON: the samples' `analyze --json` (made at fuzz start) and
// the test fixtures. Everything in a fixed order, so a seed and case index name one input.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { packetsOf, parseLayout } from './capture-layout.js';

export interface Seed {
  /** Where it comes from, for the manifest: a file, with the slice it is. */
  name: string;
  /** Extension its mutants keep: .pcap, .pcapng, .pcap.gz, .pcapng.gz, .json. */
  ext: string;
  bytes: Buffer;
}

export interface Corpus {
  captures: Seed[];
  analyses: Seed[];
}

export const SAMPLE_DIR = 'captures';
const ANALYSIS_FIXTURES = join('test', 'fixtures', 'analysis');
/** The time every generated analysis says it was made, so its bytes do not depend on when. */
const FIXED_GENERATED_AT = '2023-11-14T22:13:20.000Z';

const isCapture = (f: string): boolean => f.endsWith('.pcap') || f.endsWith('.pcapng');

export function sampleCaptures(root: string): string[] {
  return readdirSync(join(root, SAMPLE_DIR)).filter(isCapture).sort();
}

/** The packets [from, from + count) of a capture, with every non-packet block of a pcapng kept. */
function sliceCapture(b: Buffer, from: number, count: number): Buffer | undefined {
  const layout = parseLayout(b);
  if (layout === undefined) return undefined;
  if (layout.format === 'pcap') {
    const records = layout.records.slice(from, from + count);
    if (records.length === 0) return undefined;
    return Buffer.concat([b.subarray(0, 24), ...records.map((r) => b.subarray(r.off, r.off + 16 + r.capLen))]);
  }
  const packetBlocks = new Set(packetsOf(b, layout).map((s) => s.container));
  const kept = new Set([...packetBlocks].slice(from, from + count));
  if (kept.size === 0) return undefined;
  const blocks = layout.blocks.filter((blk) => !packetBlocks.has(blk) || kept.has(blk));
  return Buffer.concat(blocks.map((blk) => b.subarray(blk.off, blk.off + blk.length)));
}

export function captureSeeds(root: string): Seed[] {
  const seeds: Seed[] = [];
  for (const file of sampleCaptures(root)) {
    const bytes = readFileSync(join(root, SAMPLE_DIR, file));
    const ext = file.endsWith('.pcapng') ? '.pcapng' : '.pcap';
    const layout = parseLayout(bytes);
    const packets = layout === undefined ? 0 : packetsOf(bytes, layout).length;
    const own: Seed[] = [{ name: file, ext, bytes }];
    const mid = Math.floor(packets / 2);
    for (const [from, count] of [[0, 1], [0, 3], [mid, 3]] as const) {
      const slice = sliceCapture(bytes, from, count);
      if (slice !== undefined) own.push({ name: `${file} packets ${from}-${from + count - 1}`, ext, bytes: slice });
    }
    for (const s of own) seeds.push(s, { name: `${s.name}, gzip`, ext: `${ext}.gz`, bytes: gzipSync(s.bytes) });
  }
  return seeds;
}

/**
 * The analysis seeds: `analyze --json` of each sample (given by `analyzeJson`, which runs it from
 * the repository root so paths stay relative), then the fixtures.
 */
export async function analysisSeeds(root: string, analyzeJson: (relativePath: string) => Promise<string>): Promise<Seed[]> {
  const seeds: Seed[] = [];
  for (const file of sampleCaptures(root)) {
    const analysis = JSON.parse(await analyzeJson(join(SAMPLE_DIR, file))) as { generatedAt?: string };
    analysis.generatedAt = FIXED_GENERATED_AT;
    seeds.push({ name: `analyze --json ${file}`, ext: '.json', bytes: Buffer.from(JSON.stringify(analysis, null, 2)) });
  }
  for (const file of readdirSync(join(root, ANALYSIS_FIXTURES)).filter((f) => f.endsWith('.json')).sort()) {
    seeds.push({ name: join(ANALYSIS_FIXTURES, file), ext: '.json', bytes: readFileSync(join(root, ANALYSIS_FIXTURES, file)) });
  }
  return seeds;
}
