// Captures that are well formed but hostile or absurd, through the CLI: each is reported, none
// stops the run with an internal error, and every other input's results are still printed.

import assert from 'node:assert/strict';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ACK, ethernet, ETH_IPV4, ETH_TEB, ipv4, tcp } from '../../scripts/synth/frames.js';
import { PcapngWriter, PcapWriter } from '../../src/pcap/index.js';
import { fields } from '../pcap/fields.js';
import { runCli, scratchDir, type CliRun } from '../support.js';

const dir = scratchDir();
const le = fields(false);
const frame = (i: number): Buffer => ethernet({ src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' }, ETH_IPV4, ipv4({ src: '10.0.0.1', dst: '10.0.0.2', id: i }, tcp({ sport: 1000, dport: 2000, seq: i * 100, flags: ACK, payload: Buffer.alloc(100, i) })));

const write = (name: string, bytes: Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

async function writePcap(path: string, snapLen: number, frames: Buffer[]): Promise<void> {
  const fd = openSync(path, 'w');
  const w = new PcapWriter(fd, { linkType: 1, snapLen });
  frames.forEach((data, i) => w.writePacket({ tsSec: 100 + i, tsNsec: 0, data }));
  await w.close();
  closeSync(fd);
}

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

  it('a 70 KB frame of 5,000 Ethernet headers nested by EtherType 0x6558: counted invalid, every input still reported', async () => {
    // The 14-byte header alone, without the padding to 60 bytes: the next header follows at once.
    const teb = ethernet({ src: '02:00:00:00:00:03', dst: '02:00:00:00:00:04' }, ETH_TEB, Buffer.alloc(0)).subarray(0, 14);
    const chain = Buffer.concat([...Array.from({ length: 5000 }, () => teb), frame(1)]);
    const nested = join(dir, 'teb-chain.pcap');
    await writePcap(nested, 262144, [chain, frame(2)]);
    const plain = join(dir, 'plain.pcap');
    await writePcap(plain, 65535, [frame(3)]);
    const r = runCli(['analyze', '--json', nested, plain]);
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
    const a = JSON.parse(r.stdout) as { inputs: { path: string; packets: number }[]; invalidPackets: number };
    assert.deepEqual(a.inputs.map((i) => [i.path, i.packets]), [[nested, 2], [plain, 1]]);
    assert.equal(a.invalidPackets, 1);
    const c = runCli(['correlate', `a=${nested}`, `b=${plain}`]);
    assert.equal(c.stderr, '');
    assert.match(c.stdout, /^ovsforensics correlate: a → b/);
  });

  it('control characters and bidi overrides from interface and file names reach no output raw', async () => {
    // Interface names that clear the screen, forge a line, set the title, and reverse what follows;
    // a file name with a colour escape.
    const path = join(dir, 'evil\u001b[31m.pcapng');
    const fd = openSync(path, 'w');
    const w = new PcapngWriter(fd);
    const a = w.addInterface({ linkType: 1, name: 'eth0\u001b[2J\u001b[H', description: 'desc\u001b]0;title\u0007' });
    const b = w.addInterface({ linkType: 1, name: 'veth\r\nFAKE: no problems\u202Egnp.exe\u2066' });
    w.writePacket(a, { tsSec: 100, tsNsec: 0, data: frame(1) });
    w.writePacket(b, { tsSec: 101, tsNsec: 0, data: frame(2) });
    await w.close();
    closeSync(fd);
    const raw = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
    const html = join(dir, 'evil.html');
    const runs = [runCli(['analyze', '--html', html, path]), runCli(['correlate', `a=${path}`, `b=${path}#1`]), runCli(['correlate', `a=${path}`, `b=${path}#eth9\u001b[2J`])];
    for (const r of runs) {
      assert.doesNotMatch(r.stdout, raw, r.stdout);
      assert.doesNotMatch(r.stderr, raw, r.stderr);
    }
    const [analyzed, correlated, missing] = runs as [CliRun, CliRun, CliRun];
    assert.match(analyzed.stdout, /evil\\e\[31m\.pcapng\/eth0\\e\[2J\\e\[H/);
    assert.ok(analyzed.stdout.includes('veth\\r\\nFAKE: no problems<U+202E>gnp.exe<U+2066>'), analyzed.stdout);
    assert.match(correlated.stdout, /a\/eth0\\e\[2J\\e\[H/);
    // The one error line names the interfaces the file has, escaped like the rest.
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^ovsforensics: .*evil\\e\[31m\.pcapng: no interface "eth9\\e\[2J" \(it has eth0\\e\[2J\\e\[H, veth\\r\\n/);
    assert.equal(missing.stderr.split('\n').length, 2);
    const page = readFileSync(html, 'utf8');
    assert.doesNotMatch(page, /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    assert.ok(page.includes('gnp.exe'));
  });
});
