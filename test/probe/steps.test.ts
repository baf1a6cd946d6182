// The words of a probe step and of `probe-agent`: every step survives the trip through its command
// line (and a remote shell's quoting), and the target flags read back as the same target.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { remoteLine } from '../../src/host/ssh.js';
import { probeAgentArgs, targetArgs } from '../../src/probe/remote.js';
import { parseStep, stepArgs, type Step } from '../../src/probe/steps.js';
import { parseTargetFlags } from '../../src/target/flags.js';
import type { TargetSpec } from '../../src/target/types.js';

const STEPS: Step[] = [
  { step: 'serve', deadlineMs: 12_000, stallMs: 5_000 },
  { step: 'send', address: '10.10.0.2', port: 40123, bytes: 10_000_000, pattern: 'random', connectMs: 5_000, deadlineMs: 10_000, stallMs: 5_000 },
  { step: 'send', address: 'fd00::2', port: 1, bytes: 0, pattern: 7, connectMs: 1, deadlineMs: 1, stallMs: 1 },
  { step: 'pings', address: '10.10.0.2' },
  { step: 'target' },
];

describe('probe steps as words', () => {
  for (const s of STEPS) {
    test(`${stepArgs(s).join(' ')}: read back as the same step`, () => {
      assert.deepEqual(parseStep(stepArgs(s)), s);
    });
  }

  test('anything else is no step', () => {
    for (const words of [[], ['serve'], ['serve', '0', '1'], ['serve', '1', '1', '1'], ['send', '10.0.0.1', '70000', '1', 'random', '1', '1', '1'], ['send', 'a;b', '1', '1', 'random', '1', '1', '1'], ['send', '10.0.0.1', '1', '1', 'zeros', '1', '1', '1'], ['pings', '$(reboot)'], ['pings'], ['target', 'x'], ['bogus']]) {
      assert.equal(parseStep(words), undefined, words.join(' '));
    }
  });
});

describe('probe-agent command line', () => {
  const SPECS: TargetSpec[] = [
    { scope: { kind: 'container', name: 'test_mac' } },
    { scope: { kind: 'container', name: 'test_mac', runtime: 'docker' }, iface: 'eth1' },
    { scope: { kind: 'netns', name: 'ovsf-test_mac_2' }, iface: 'eth1' },
    { scope: { kind: 'netns', name: '/var/run/netns/cni-1 x' } },
    // A pid is checked to exist: ours does.
    { scope: { kind: 'pid', pid: process.pid }, iface: 'eth0' },
  ];
  for (const spec of SPECS) {
    test(`${targetArgs(spec).join(' ')}: doctor's target flags read it back`, () => {
      const args = targetArgs(spec);
      const flag = (name: string): string | undefined => {
        const i = args.indexOf(name);
        return i < 0 ? undefined : args[i + 1];
      };
      const back = parseTargetFlags({ container: flag('--container'), netns: flag('--netns'), pid: flag('--pid'), iface: flag('--iface'), runtime: flag('--runtime') });
      assert.deepEqual(back, spec);
    });
  }

  test('this namespace: no target flag, only the interface', () => {
    assert.deepEqual(targetArgs({ scope: { kind: 'current' }, iface: 'lo' }), ['--iface', 'lo']);
  });

  test('through a remote shell: the words arrive as they were', () => {
    const spec: TargetSpec = { scope: { kind: 'netns', name: "/run/netns/it's" }, iface: 'eth1' };
    const args = probeAgentArgs(spec, STEPS[1]!);
    const line = remoteLine('printf "%s\\n"', args);
    const r = spawnSync('sh', ['-c', line], { encoding: 'utf8' });
    assert.deepEqual(r.stdout.split('\n').slice(0, -1), args);
    assert.deepEqual(args.slice(0, 6), ['probe-agent', '--netns', "/run/netns/it's", '--iface', 'eth1', '--']);
    assert.deepEqual(parseStep(args.slice(6)), STEPS[1]);
  });
});
