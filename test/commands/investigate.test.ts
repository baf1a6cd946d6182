// investigate's flags: ends named [HOST:]CONTAINER[:IFACE] against the declared hosts, every value
// checked before anything runs; its exit status from the result; and the CLI's one-line errors.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { investigationProblem, parseInvestigateOptions } from '../../src/commands/investigate.js';
import { recordedInvestigation } from '../investigate/fixtures.js';
import { runCli } from '../support.js';

const HOSTS = ['--host', 'hostA=ssh://root@198.18.0.2', '--host', 'hostB'];

describe('investigate flags', () => {
  it('ends on declared hosts, with an interface; the rest of the defaults', () => {
    const r = parseInvestigateOptions({ from: 'hostA:test_mac', to: 'hostB:test_mac_2:eth2', host: ['hostA=ssh://root@198.18.0.2', 'hostB'], remoteCommand: 'node /x/cli.js' });
    assert.deepEqual([r.from.host?.name, r.from.host?.user, r.from.host?.destination, r.from.container, r.from.target], ['hostA', 'root', '198.18.0.2', 'test_mac', { scope: { kind: 'container', name: 'test_mac' } }]);
    assert.deepEqual([r.to.host?.name, r.to.container, r.to.target.iface], ['hostB', 'test_mac_2', 'eth2']);
    assert.deepEqual([r.probeBytes, r.mode, r.remoteCommand], [10_000_000, 'diagnose', 'node /x/cli.js']);
  });

  it('a first field that names no declared host keeps the end here', () => {
    const r = parseInvestigateOptions({ from: 'test_mac', to: 'test_mac_3', probeBytes: '1M', fix: true });
    assert.deepEqual([r.from.host, r.to.host, r.probeBytes, r.mode, r.remoteCommand], [undefined, undefined, 1_000_000, 'fix', 'ovsforensics']);
  });

  for (const [what, flags, message] of [
    ['--fix and --revert', { from: 'a', to: 'b', fix: true, revert: true }, /--fix and --revert: give one/],
    ['no --from', { to: 'b' }, /--from \[HOST:\]CONTAINER is required/],
    ['the same container twice', { from: 'a', to: 'a' }, /name the same container/],
    ['--ssh-config without --host', { from: 'a', to: 'b', sshConfig: '/x' }, /--ssh-config needs --host/],
    ['a bad probe size', { from: 'a', to: 'b', probeBytes: '10Q' }, /--probe-bytes/],
    ['a bad container name', { from: 'a b', to: 'b' }, /--from/],
  ] as const) {
    it(`refuses ${what}`, () => assert.throws(() => parseInvestigateOptions(flags as Parameters<typeof parseInvestigateOptions>[0]), message));
  }

  it('exit status: 1 for a problem, 0 healthy, and with --fix whether the probe after it is intact', () => {
    const incident = recordedInvestigation('incident-fix');
    assert.equal(incident.healthy, false);
    assert.equal(investigationProblem(incident), !incident.fix!.intact);
    const { fix: _fix, ...diagnosed } = incident;
    assert.equal(investigationProblem(diagnosed), true);
    assert.equal(investigationProblem(recordedInvestigation('healthy-vxlan')), false);
    assert.equal(investigationProblem(recordedInvestigation('corrupt')), true);
  });

  it('the CLI: one line and exit 2 before anything runs', () => {
    const r = runCli(['investigate', ...HOSTS, '--from', 'hostA:test_mac', '--to', 'hostB:test_mac_2', '--fix', '--revert']);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'ovsforensics: --fix and --revert: give one\n');
    assert.equal(r.stdout, '');
  });
});
