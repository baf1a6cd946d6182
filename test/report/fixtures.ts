// Analysis fixtures for the report tests: the JSON files under test/fixtures/analysis/ and a huge
// analysis built in memory (50k flows, 50k corrupt details) that would be too big to commit.

import { readFileSync } from 'node:fs';
import type { Analysis, CorruptDetail, FlowSummary } from '../../src/analyze/types.js';
import { emptyCounts } from '../../src/analyze/types.js';

/** test/ in the source tree, from dist/test/report/ where the compiled tests run. */
export const FIXTURE_DIR = new URL('../../../test/fixtures/analysis/', import.meta.url);
export const ARTIFACT_DIR = new URL('../../../test-artifacts/', import.meta.url);

export const FIXTURES = ['offload-leak-blackhole', 'corruption', 'clean', 'hostile'] as const;
export type FixtureName = (typeof FIXTURES)[number];

export function fixturePath(name: string): string {
  return new URL(`${name}.json`, FIXTURE_DIR).pathname;
}

export function loadFixture(name: FixtureName): Analysis {
  return JSON.parse(readFileSync(fixturePath(name), 'utf8')) as Analysis;
}

export const HUGE_FLOWS = 50_000;
export const HUGE_CORRUPT = 50_000;

/** The corruption fixture scaled up: every list far beyond the report's caps. */
export function hugeAnalysis(): Analysis {
  const a = loadFixture('corruption');
  const t0 = a.timeline[0]!.start;
  const template = a.corrupt[0]!;
  const flows: FlowSummary[] = [];
  for (let i = 0; i < HUGE_FLOWS; i++) {
    const segments = emptyCounts();
    segments.valid = 20 + (i % 97);
    segments.corrupt = i % 50 === 0 ? 1 + (i % 7) : 0;
    segments.offload = i % 333 === 0 ? 3 : 0;
    flows.push({
      id: `tcp 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:${1024 + (i % 60000)} > 10.99.0.2:443 vni ${i % 4096}`,
      protocol: 'tcp',
      src: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      srcPort: 1024 + (i % 60000),
      dst: '10.99.0.2',
      dstPort: 443,
      tunnel: { kind: 'vxlan', vni: i % 4096, outerSrc: '192.168.56.11', outerDst: '192.168.56.12' },
      points: ['rx-underlay/ens5f0'],
      packets: segments.valid + segments.corrupt + segments.offload,
      bytes: 1448 * (segments.valid + segments.corrupt),
      segments,
      retransmissions: segments.corrupt,
      firstSeen: t0 + (i % 3600),
      lastSeen: t0 + (i % 3600) + 1.5,
    });
  }
  const corrupt: CorruptDetail[] = [];
  for (let i = 0; i < HUGE_CORRUPT; i++) {
    corrupt.push({ ...template, frame: 1000 + i * 7, time: t0 + i / 14, flow: flows[(i * 50) % HUGE_FLOWS]!.id });
  }
  const timeline = Array.from({ length: 3600 }, (_, i) => {
    const segments = emptyCounts();
    segments.valid = 900 + (i % 100);
    segments.corrupt = i % 5 === 0 ? 3 : 0;
    return { start: t0 + i, seconds: 1, segments };
  });
  const points = Array.from({ length: 400 }, (_, i) => ({
    name: `host-${i}/vxlan_sys_4789`,
    input: 0,
    packets: 1000 + i,
    segments: { ...emptyCounts(), valid: 1000 + i, corrupt: i % 3 },
  }));
  return {
    ...a,
    packets: 3_000_000,
    flows,
    flowsOmitted: 12_345,
    corrupt,
    corruptOmitted: 250_000,
    timeline,
    points,
    unverifiableReasons: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`reason ${i}`, i + 1])),
  };
}
