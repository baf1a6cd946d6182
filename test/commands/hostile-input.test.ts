// Captures that are well formed but hostile or absurd, through the CLI: each is reported, none
// stops the run with an internal error, and every other input's results are still printed.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ACK, ethernet, ETH_IPV4, ipv4, tcp } from '../../scripts/synth/frames.js';
import { fields } from '../pcap/fields.js';
import { runCli, scratchDir } from '../support.js';

const dir = scratchDir();
const le = fields(false);
const frame = (i: number): Buffer => ethernet({ src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' }, ETH_IPV4, ipv4({ src: '10.0.0.1', dst: '10.0.0.2', id: i }, tcp({ sport: 1000, dport: 2000, seq: i * 100, flags: ACK, payload: Buffer.alloc(100, i) })));

const write = (name: string, bytes: Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

describe('hostile but well-formed captures', () => {
  it('timestamps past the Date range: the report says "out of range" and is written (analyze --html, report)', () => {
    // if_tsresol 10^0 (seconds) and timestamps 0xffffffff_00000000 and 2^64 - 1: about 1.8e19 s, far past year 275760.
    const path = write('far-future.pcapng', Buffer.concat([le.shb(), le.idb(1, 0, [le.option(9, Buffer.from([0]))]), le.epb(0, 0xffffffff, 0, frame(1), frame(1).length), le.epb(0, 0xffffffff, 0xffffffff, frame(2), frame(2).length)]));
    const html = join(dir, 'far-future.html');
    const r = runCli(['analyze', '--html', html, path]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    const page = readFileSync(html, 'utf8');
    // The flow's first packet (flow table) and the timeline's axis.
    assert.ok(page.includes(`out of range (${0xffffffff * 2 ** 32} s since 1970)`), 'first seen');
    assert.match(page, /"labels":\["out of range"/);
    const json = join(dir, 'far-future.json');
    writeFileSync(json, runCli(['analyze', '--json', path]).stdout);
    const out = join(dir, 'far-future-report.html');
    const rep = runCli(['report', json, '-o', out]);
    assert.equal(rep.status, 0, rep.stderr);
    assert.ok(existsSync(out));
  });
});
