// Every command-line value parser over good and hostile values (the kinds a fuzzing campaign
// tries: hex, exponents, signs, spaces, fractions, huge numbers, control characters): what each
// accepts and returns, and that each refusal is a UsageError naming the flag and the value.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { UsageError } from '../../src/errors.js';
import { choice, containerName, containerRuntime, interfaceName, label, namespaceName, namespaceNameOrPath } from '../../src/flags/names.js';
import { bytePattern, count, percent, port, seconds, size } from '../../src/flags/numbers.js';
import { ovsDb } from '../../src/flags/ovsdb.js';
import { pid, PID_MAX_LIMIT } from '../../src/flags/pid.js';
import { analyzePoint, correlatePoint, scoped } from '../../src/flags/points.js';
import { printable } from '../../src/text/printable.js';
import { scratchDir } from '../support.js';

type Parse = (flag: string, value: string) => unknown;

interface Table {
  name: string;
  parse: Parse;
  /** Value given and what the parser returns for it. */
  good: [string, unknown][];
  /** Values refused; a pair names the part of the value the message shows (compound values). */
  bad: (string | [string, string])[];
}

const dir = scratchDir();
const socketPath = join(dir, 'db.sock');
const regularFile = join(dir, 'not-a-socket');
const server = net.createServer();
before(async () => {
  writeFileSync(regularFile, '');
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
});
after(() => server.close());

// Pids run below pid_max, so pid_max itself is in range yet never a process.
const pidMax = Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8'));
const hostile = ['', ' ', '\n\x1b[2J', '-1', '+1', '0x1', '1e0', ' 1', '1 ', '1_0', 'Infinity', 'NaN'];

const tables: Table[] = [
  {
    name: 'count',
    parse: count,
    good: [['1', 1], ['10', 10], ['007', 7], [String(Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER]],
    bad: [...hostile, '0', '1.0', '1.5', '9007199254740992', '9'.repeat(400)],
  },
  {
    name: 'port',
    parse: port,
    good: [['1', 1], ['4789', 4789], ['65535', 65535]],
    bad: [...hostile, '0', '65536', '0x12b5', '4789.0'],
  },
  {
    name: 'seconds',
    parse: (f, v) => seconds(f, v),
    good: [['2.5', 2.5], ['0.001', 0.001], ['86400', 86400]],
    bad: [...hostile, '0', '0.0001', '86400.5', '1M', '1e3', '.5', '5.', '1m'],
  },
  {
    name: 'whole seconds',
    parse: (f, v) => seconds(f, v, { whole: true, max: 600 }),
    good: [['1', 1], ['600', 600]],
    bad: [...hostile, '0', '601', '1.5', '1M'],
  },
  {
    name: 'size',
    parse: (f, v) => size(f, v),
    good: [['5', 5], ['1k', 1e3], ['10M', 1e7], ['2G', 2e9], ['9007199G', 9007199e9]],
    bad: [...hostile, '0', '0k', '1.5M', '1T', '-1k', '1e6', 'M', '1 M', '9007200G', '9007199254740992'],
  },
  {
    name: 'percent',
    parse: percent,
    good: [['0.01', 0.01], ['12.5', 12.5], ['100', 100]],
    bad: [...hostile, '0', '0.001', '100.01', '5%'],
  },
  {
    name: 'byte pattern',
    parse: bytePattern,
    good: [['random', 'random'], ['0x07', 7], ['0xff', 255], ['7', 7], ['255', 255]],
    bad: [...hostile.filter((v) => v !== '0x1'), '256', '0x100', '0x', '0b1', '0o7', 'RANDOM'],
  },
  {
    name: 'pid',
    parse: pid,
    good: [[String(process.pid), process.pid]],
    bad: [...hostile, '0', '1.0', '4294967297', String(2 ** 32 + process.pid), String(PID_MAX_LIMIT + 1), String(pidMax)],
  },
  {
    name: 'interface name',
    parse: interfaceName,
    good: [['eth0', 'eth0'], ['veth-1.2', 'veth-1.2'], ['x'.repeat(15), 'x'.repeat(15)]],
    bad: ['', ' ', 'x'.repeat(16), 'é'.repeat(8), 'a/b', 'eth0:1', 'a b', 'a\tb', '.', '..', 'eth0\n', '\x1b[2J'],
  },
  {
    name: 'namespace name',
    parse: namespaceName,
    good: [['ovsf-hostB', 'ovsf-hostB'], ['a b', 'a b']],
    bad: ['', '.', '..', 'a/b', '../../etc', 'a\nb', 'x'.repeat(256)],
  },
  {
    name: 'network namespace name or path',
    parse: namespaceNameOrPath,
    good: [['ovsf-hostB', 'ovsf-hostB'], ['/proc/4242/ns/net', '/proc/4242/ns/net'], ['/var/run/netns/cni-0d1e', '/var/run/netns/cni-0d1e']],
    bad: ['', '..', 'a/b', '/run/netns/a:b', '/run/netns/a\nb'],
  },
  {
    name: 'container name',
    parse: containerName,
    good: [['test_mac', 'test_mac'], ['k8s_web.1-x', 'k8s_web.1-x'], ['0abc', '0abc']],
    bad: ['', '-x', '_x', 'a b', 'a/b', 'a:b', '^x$', 'a\n', 'x'.repeat(256)],
  },
  {
    name: 'label',
    parse: label,
    good: [['ctrA', 'ctrA'], ['host A', 'host A']],
    bad: ['', 'a\nb', '\x1b[2J', 'a\x7f'],
  },
  {
    name: 'choice',
    parse: (f, v) => choice(f, v, ['pcap', 'tcpdump']),
    good: [['pcap', 'pcap'], ['tcpdump', 'tcpdump']],
    bad: ['', 'PCAP', 'cap', 'pcap '],
  },
  {
    name: 'container runtime',
    parse: containerRuntime,
    good: [['docker', 'docker'], ['podman', 'podman'], ['nerdctl', 'nerdctl'], ['crictl', 'crictl'], ['ctr', 'ctr']],
    bad: ['', 'containerd', 'Docker', 'junk', 'docker\n'],
  },
  {
    name: 'OVSDB connection',
    parse: ovsDb,
    good: [
      ['tcp:127.0.0.1:6640', 'tcp:127.0.0.1:6640'],
      ['ssl:[::1]:6640', 'ssl:[::1]:6640'],
      ['ptcp:6640', 'ptcp:6640'],
      ['ptcp:6640:127.0.0.1', 'ptcp:6640:127.0.0.1'],
      ['pssl:6640:[::1]', 'pssl:6640:[::1]'],
      ['punix:/run/x.sock', 'punix:/run/x.sock'],
      [`unix:${socketPath}`, `unix:${socketPath}`],
      [socketPath, `unix:${socketPath}`],
    ],
    bad: [
      '',
      'junk',
      'unix:',
      'tcp:',
      'tcp:1.2.3.4',
      'tcp:1.2.3.4:0',
      'tcp:1.2.3.4:65536',
      'tcp:1.2.3.4:0x10',
      'tcp:::1:6640',
      'tcp:host.example:6640',
      'ptcp:0',
      'ptcp:6640:nowhere',
      'tcp:1.2.3.4:6640\n',
      `unix:${join(dir, 'missing.sock')}`,
      `unix:${regularFile}`,
      regularFile,
    ],
  },
  {
    name: 'analyze point',
    parse: analyzePoint,
    good: [
      ['a=x.pcap', { path: 'x.pcap', point: 'a' }],
      ['a:rx=f', { path: 'f', point: 'a', role: 'inbound' }],
      ['a:Sender=f', { path: 'f', point: 'a', role: 'outbound' }],
      ['a=b=c', { path: 'b=c', point: 'a' }],
    ],
    bad: ['', 'x', '=x', 'a=', 'a:sideways=f', ['\x1b[2J=f', '\x1b[2J']],
  },
  {
    name: 'correlate point',
    parse: correlatePoint,
    good: [
      ['a=f.pcapng', { name: 'a', path: 'f.pcapng' }],
      ['a=f.pcapng#eth0', { name: 'a', path: 'f.pcapng', interface: 'eth0' }],
      ['a=f#', { name: 'a', path: 'f#' }],
    ],
    bad: ['', 'a', '=f', 'a=', ['a=f#\n', '\n'], ['\n=f', '\n']],
  },
  {
    name: 'NAME[:IFACE]',
    parse: (f, v) => scoped(f, v, containerName),
    good: [
      ['c', { name: 'c' }],
      ['c:eth0', { name: 'c', iface: 'eth0' }],
    ],
    bad: [':eth0', 'c:', ['c:a b', 'a b'], ['c:' + 'x'.repeat(16), 'x'.repeat(16)], ['-c:eth0', '-c']],
  },
];

describe('command-line values', () => {
  for (const t of tables) {
    it(`${t.name}: accepts and converts`, () => {
      for (const [value, expected] of t.good) assert.deepEqual(t.parse('--flag', value), expected, JSON.stringify(value));
    });

    it(`${t.name}: refuses with a UsageError naming the flag and the value`, () => {
      for (const entry of t.bad) {
        const [value, shown] = typeof entry === 'string' ? [entry, entry] : entry;
        assert.throws(
          () => t.parse('--flag', value),
          (e: unknown) => e instanceof UsageError && e.message.startsWith(`--flag '${printable(shown)}': `),
          `${JSON.stringify(value)} was accepted or refused with another message`,
        );
      }
    });
  }
});
