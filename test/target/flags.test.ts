// The target flags of capture (several, NAME:IFACE) and of doctor and fix (one), checked without
// looking anything up.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/errors.js';
import { parseCaptureTargets, parseTargetFlags } from '../../src/target/flags.js';

const none = { iface: [], container: [], netns: [], pid: [] };

describe("capture targets", () => {
  it('-i alone is the current namespace; a container defaults to eth1', () => {
    assert.deepEqual(parseCaptureTargets({ ...none, iface: ['eth0', 'eth1'] }), [
      { scope: { kind: 'current' }, iface: 'eth0' },
      { scope: { kind: 'current' }, iface: 'eth1' },
    ]);
    assert.deepEqual(parseCaptureTargets({ ...none, container: ['test_mac_2'] }), [{ scope: { kind: 'container', name: 'test_mac_2' }, iface: 'eth1' }]);
  });

  it('NAME:IFACE targets several namespaces at once; -i applies to the bare ones', () => {
    // A pid must be a running process: this one.
    assert.deepEqual(parseCaptureTargets({ iface: ['eth0'], container: ['test_mac_2:eth1'], netns: ['ovsf-hostB'], pid: [`${process.pid}:veth9`] }), [
      { scope: { kind: 'container', name: 'test_mac_2' }, iface: 'eth1' },
      { scope: { kind: 'pid', pid: process.pid }, iface: 'veth9' },
      { scope: { kind: 'netns', name: 'ovsf-hostB' }, iface: 'eth0' },
    ]);
  });

  it('refuses what cannot be meant', () => {
    assert.throws(() => parseCaptureTargets({ ...none, netns: ['ovsf-hostB'] }), /name the interface/);
    assert.throws(() => parseCaptureTargets({ ...none, pid: ['x'] }), UsageError);
    assert.throws(() => parseCaptureTargets({ ...none, pid: [`${2 ** 32 + process.pid}:eth0`] }), /--pid '4294\d+': expected a process id/);
    assert.throws(() => parseCaptureTargets({ ...none, iface: ['eth0:1'] }), /-i 'eth0:1': expected an interface name/);
    assert.throws(() => parseCaptureTargets({ ...none, netns: ['a:'] }), /NAME or NAME:IFACE/);
    assert.throws(() => parseCaptureTargets({ ...none, iface: ['eth0', 'eth0'] }), /named twice/);
  });
});

describe('capture --runtime and namespace paths', () => {
  it('--runtime applies to every --container and needs one', () => {
    assert.deepEqual(parseCaptureTargets({ ...none, container: ['a', 'b:eth0'], runtime: 'podman' }), [
      { scope: { kind: 'container', name: 'b', runtime: 'podman' }, iface: 'eth0' },
      { scope: { kind: 'container', name: 'a', runtime: 'podman' }, iface: 'eth1' },
    ]);
    assert.throws(() => parseCaptureTargets({ ...none, iface: ['eth0'], runtime: 'docker' }), /--runtime says where to look for a --container/);
    assert.throws(() => parseCaptureTargets({ ...none, container: ['a'], runtime: 'lxc' }), /--runtime 'lxc': expected one of docker, podman, nerdctl, crictl, ctr/);
  });

  it('--netns takes a name or an absolute path', () => {
    assert.deepEqual(parseCaptureTargets({ ...none, netns: ['/var/run/netns/cni-1234:eth0'] }), [{ scope: { kind: 'netns', name: '/var/run/netns/cni-1234' }, iface: 'eth0' }]);
    assert.throws(() => parseCaptureTargets({ ...none, netns: ['a/b:eth0'] }), /expected a network namespace name/);
  });
});

describe('doctor and fix target', () => {
  it('one of --container, --netns, --pid; --iface optional', () => {
    assert.equal(parseTargetFlags({}), undefined);
    assert.deepEqual(parseTargetFlags({ container: 'test_mac', runtime: 'ctr' }), { scope: { kind: 'container', name: 'test_mac', runtime: 'ctr' } });
    assert.deepEqual(parseTargetFlags({ netns: '/proc/1/ns/net', iface: 'eth0' }), { scope: { kind: 'netns', name: '/proc/1/ns/net' }, iface: 'eth0' });
    assert.deepEqual(parseTargetFlags({ pid: String(process.pid) }), { scope: { kind: 'pid', pid: process.pid } });
  });

  it('refuses two targets, a runtime without a container, an interface without a target', () => {
    assert.throws(() => parseTargetFlags({ container: 'a', netns: 'b' }), /--container and --netns: give only one target/);
    assert.throws(() => parseTargetFlags({ netns: 'b', runtime: 'docker' }), /--runtime says where to look for a --container/);
    assert.throws(() => parseTargetFlags({ iface: 'eth0' }), /--iface names an interface of the target/);
  });
});
