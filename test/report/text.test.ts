// The terminal renderer with notes: a note (severity info) is printed but is no problem, and the
// exit status of analyze stays 0 on notes alone.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isFault } from '../../src/analyze/findings.js';
import { renderAnalysisText } from '../../src/report/text.js';
import { ETH_IPV4, ethernet, ipv4, udp } from '../../scripts/synth/frames.js';
import { analyse } from '../analyze/feed.js';

test('notes alone: no problems found, the note printed as INFO, exit status 0', () => {
  const dgram = ipv4({ src: '10.0.0.1', dst: '10.0.0.2' }, udp({ sport: 5353, dport: 53, payload: Buffer.alloc(20, 1), check: 'offload' }));
  const analysis = analyse([{ data: ethernet({ src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' }, ETH_IPV4, dgram), direction: 'inbound' }]);
  const text = renderAnalysisText(analysis);
  assert.match(text, /^ovsforensics: no problems found \(1 note\) in 1 capture /);
  assert.match(text, /\nINFO offload-unconfirmed: 1 segment carried an unfinished checksum/);
  // A note is no fault: it leaves the exit status 0.
  assert.equal(analysis.findings.filter(isFault).length, 0);
});
