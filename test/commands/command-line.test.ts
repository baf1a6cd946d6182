// Bad command lines through the CLI: each gives exit 2 and exactly one stderr line (no help dump,
// no stack), values are refused before any root check or capture starts (so this runs without
// root), and a value's control characters are echoed escaped.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, runCli, scratchDir, type CliRun } from '../support.js';

const dir = scratchDir();
const HOSTILE = '\n\x1b[2J';
const SHOWN = '\\n\\e[2J';

/** Exit 2, nothing on stdout, one stderr line; returns that line. */
function oneLine(r: CliRun): string {
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^ovsforensics: [^\n]*\n$/, JSON.stringify(r.stderr));
  assert.doesNotMatch(r.stderr, /\x1b/);
  return r.stderr.trimEnd();
}

describe('command-line errors: one line, exit 2', () => {
  it('an unknown option names itself and the help to read', () => {
    assert.equal(oneLine(runCli(['analyze', '--bogus'])), "ovsforensics: unknown option '--bogus' (see ovsforensics analyze --help)");
  });

  it('a near miss keeps its suggestion on the same line', () => {
    assert.match(oneLine(runCli(['analyze', '--jsn'])), /unknown option '--jsn', did you mean --json\? \(see ovsforensics analyze --help\)$/);
  });

  for (const [args, pattern] of [
    [['report'], /missing required argument 'analysis' \(see ovsforensics report --help\)/],
    [['report', 'a.json', 'b.json'], /too many arguments .* \(see ovsforensics report --help\)/],
    [['analyze', '--html'], /option '--html <file>' argument missing/],
    [['analyze', '--jobs', '0', 'captures/big-tcp.pcap'], /--jobs '0': expected a whole number from 1 to 256$/],
    [['bogus'], /unknown command 'bogus' \(see ovsforensics --help\)/],
    [[], /name a command: analyze, .* \(see ovsforensics --help\)/],
    [['lab'], /name a command: up, down, status, traffic \(see ovsforensics lab --help\)/],
  ] as [string[], RegExp][]) {
    it(`ovsforensics ${args.join(' ')}`, () => assert.match(oneLine(runCli(args)), pattern));
  }

  it('--help and --version still exit 0 on stdout', () => {
    const help = runCli(['capture', '--help']);
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /^Usage: ovsforensics capture/);
    const version = runCli(['--version']);
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout.trim(), (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });
});

describe('values are checked before root or a capture is needed', () => {
  for (const value of ['4294967297', '0x1', '1e0', ' 1 ']) {
    it(`capture --pid '${value}'`, () => {
      const out = join(dir, `pid-${value.trim()}.pcapng`);
      const line = oneLine(runCli(['capture', '--pid', `${value}:eth0`, '-w', out]));
      assert.ok(line.startsWith(`ovsforensics: --pid '${value}': expected a process id`), line);
      assert.equal(existsSync(out), false, 'the capture started');
    });
  }

  for (const [flag, value] of [
    ['--runtime', 'junk'],
    ['--ovs-db', 'junk'],
    ['--ovs-db', 'tcp:10.0.0.1'],
    ['--underlay', 'eth0/1'],
    ['--pid', '0x1'],
  ]) {
    it(`doctor ${flag} ${value}`, () => {
      const line = oneLine(runCli(['doctor', flag!, value!]));
      assert.ok(line.startsWith(`ovsforensics: ${flag} '${value}': `), line);
    });
  }

  it('lab traffic --timeout 1M is not a million seconds', () => {
    assert.match(oneLine(runCli(['lab', 'traffic', '--timeout', '1M'])), /--timeout '1M': expected whole seconds from 1 to 86400/);
  });

  it('fix --verify-seconds 1e3', () => {
    assert.match(oneLine(runCli(['fix', '--pid', String(process.pid), '--verify', '--verify-seconds', '1e3'])), /--verify-seconds '1e3'/);
  });
});

describe('control characters in values are echoed escaped', () => {
  it('in a flag value', () => {
    assert.equal(oneLine(runCli(['doctor', '--runtime', `x${HOSTILE}`])), `ovsforensics: --runtime 'x${SHOWN}': expected one of docker, podman, nerdctl, crictl, ctr`);
  });

  it('in an unknown option', () => {
    const line = oneLine(runCli(['analyze', `--x${HOSTILE}`]));
    assert.ok(line.includes(`unknown option '--x${SHOWN}'`), line);
  });

  it('in a capture file name', () => {
    const file = join(dir, `missing${HOSTILE}.pcap`);
    const r = runCli(['analyze', file, '--json']);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr.split('\n').length, 2, JSON.stringify(r.stderr));
    assert.ok(r.stderr.includes(`missing${SHOWN}.pcap`), r.stderr);
    assert.doesNotMatch(r.stderr, /\x1b/);
  });
});
