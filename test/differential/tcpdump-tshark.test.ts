// ovsforensics against tcpdump -vv and tshark on the sample captures: every innermost TCP/UDP
// segment they call incorrect must be offload or corrupt here, every one they verify must be valid
// (frames matched by number); retransmissions per flow equal tshark's. The same comparison on a
// lab capture is in test/lab/corrupt.test.ts. Without tcpdump or tshark the comparison is skipped
// with a message, except under CI, where it must run.
// needs: tcpdump, tshark

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support.js';
import { compareChecksums, ourFrames, ourRetransmissions, toolsOrSkip, tsharkRetransmissions } from './compare.js';

const samples = readdirSync(join(ROOT, 'captures'))
  .filter((f) => /\.pcap(ng)?$/.test(f))
  .map((f) => join(ROOT, 'captures', f));
// Captures with one capture point: tshark follows a connection across interfaces, which would
// count the same SYN seen at two points as a retransmission; ovsforensics judges per point.
const SINGLE_POINT = new Set(['underlay-corruption.pcap', 'clean-transfer.pcapng', 'big-tcp.pcap', 'kernel-vxlan-offload.pcapng', 'vxlan-outer-checksum.pcapng']);

describe('differential: tcpdump -vv and tshark', () => {
  for (const path of samples) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    it(`${name}: their incorrect is our offload/corrupt, their correct is our valid`, async (t) => {
      if (!toolsOrSkip(t)) return;
      const ours = await ourFrames(path);
      const { tcpdumpCompared, tsharkCompared } = compareChecksums(ours, path);
      assert.ok(tcpdumpCompared > 0 && tsharkCompared > 0, `nothing compared (tcpdump ${tcpdumpCompared}, tshark ${tsharkCompared})`);
    });
    if (SINGLE_POINT.has(name)) {
      it(`${name}: retransmissions per flow equal tshark's`, async (t) => {
        if (!toolsOrSkip(t)) return;
        assert.deepEqual(Object.fromEntries(await ourRetransmissions(path)), Object.fromEntries(tsharkRetransmissions(path)));
      });
    }
  }
});
