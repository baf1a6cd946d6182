// The analyzer against the truth the sample captures were built with (scripts/synth/captures.ts):
// the committed files are exactly what the generator writes, every frame's innermost segment gets
// the verdict it was built to have, and counts, retransmissions and findings follow.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { emptyCounts } from '../../src/analyze/types.js';
import { classifyL4 } from '../../src/checksum/index.js';
import { analyze } from '../../src/analyze/analyze-files.js';
import { decodePacket, innermostSegment } from '../../src/decode/index.js';
import { sampleCaptures, writeSynthCapture } from '../../scripts/synth/captures.js';
import { readAll, ROOT } from '../support.js';

async function generatedBytes(c: ReturnType<typeof sampleCaptures>[number]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await writeSynthCapture(
    c,
    new Writable({
      write(chunk: Buffer, _e, done) {
        chunks.push(chunk);
        done();
      },
    }),
  );
  return Buffer.concat(chunks);
}

describe('sample captures', () => {
  for (const c of sampleCaptures()) {
    const path = join(ROOT, 'captures', c.file);
    describe(c.file, () => {
      it('is what scripts/make-captures.ts writes (npm run captures), and small', async () => {
        const committed = readFileSync(path);
        assert.ok(committed.equals(await generatedBytes(c)), 'captures/ is stale: run npm run captures');
        assert.ok(committed.length < 50_000);
      });

      it('gives every frame the verdict it was built with', async () => {
        const { records, error } = await readAll(path);
        assert.equal(error, undefined);
        assert.equal(records.length, c.frames.length);
        records.forEach((r, i) => {
          const pkt = decodePacket(r.linkType, r.data, r.wireLen);
          const seg = innermostSegment(pkt);
          const verdict = seg === undefined ? undefined : classifyL4(r.data, pkt.ip[seg.ipIndex]!, seg).verdict;
          assert.equal(verdict, c.frames[i]!.truth, `frame ${r.frame}: ${pkt.layers.join(' ')}${pkt.invalid ? ` (${pkt.invalid})` : ''}`);
          assert.equal(pkt.invalid, undefined, `frame ${r.frame}`);
        });
      });

      it('counts segments, retransmissions and findings as built', async () => {
        const { analysis, errors } = await analyze({ captures: [{ path, point: c.file }] });
        assert.deepEqual(errors, []);
        const truth = emptyCounts();
        for (const f of c.frames) if (f.truth !== undefined) truth[f.truth]++;
        assert.deepEqual(analysis.segments, truth);
        for (const [flow, n] of Object.entries(c.retransmissions)) assert.equal(analysis.flows.find((f) => f.id === flow)?.retransmissions, n, flow);
        const others = analysis.flows.filter((f) => !(f.id in c.retransmissions));
        assert.deepEqual(others.map((f) => f.retransmissions).filter((n) => n > 0), []);
        assert.deepEqual(analysis.findings.map((f) => f.kind).sort(), [...c.findings].sort());
        // Severity matches evidence: nothing serious is claimed of zero occurrences.
        assert.deepEqual(analysis.findings.filter((f) => (f.severity === 'critical' || f.severity === 'high') && f.count === 0), []);
      });
    });
  }

  it('the incident: a blackholed SYN stored 0x1445, leaked through VNI 42, benign at the sender', async () => {
    const { analysis } = await analyze({ captures: [{ path: join(ROOT, 'captures', 'incident-offload-leak.pcapng'), point: 'incident' }] });
    const leak = analysis.findings.find((f) => f.kind === 'offload-leak')!;
    assert.deepEqual([leak.evidence.leaked, leak.evidence.insideTunnel, leak.evidence.inbound, leak.evidence.benignOutbound], [5, 5, 5, 5]);
    assert.equal(leak.evidence.basis, 'resent and never acknowledged');
    const hole = analysis.findings.find((f) => f.kind === 'blackhole')!;
    assert.equal(hole.evidence.storedChecksum, '0x1445');
    assert.deepEqual([hole.count, hole.evidence.transmissions, hole.flows], [1, 5, ['tcp 10.10.0.1:59898 > 10.10.0.2:5102']]);
    assert.equal(analysis.flows[0]!.tunnel?.vni, 42);
  });
});
