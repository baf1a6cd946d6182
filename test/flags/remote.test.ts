// --host declarations and HOST: point prefixes, and how capture splits its points between here
// and each declared host.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCaptureOptions, type CaptureCliOptions } from '../../src/commands/capture.js';
import { OVS_DEFAULT_DB } from '../../src/host/ovs.js';
import { hostPrefix, remoteCommand, remoteHost, remoteHosts } from '../../src/flags/remote.js';

const cli = (o: Partial<CaptureCliOptions>): CaptureCliOptions => ({ interface: [], container: [], netns: [], pid: [], ovsPort: [], snaplen: '262144', bufferSize: '128', spoolMax: '1000', write: 'x.pcapng', ...o });

describe('--host', () => {
  it('takes an ssh alias or an ssh:// URL with user and port', () => {
    assert.deepEqual(remoteHost('--host', 'hostA'), { name: 'hostA', destination: 'hostA' });
    assert.deepEqual(remoteHost('--host', 'b=ssh://root@198.18.0.6:2222'), { name: 'b', destination: '198.18.0.6', user: 'root', port: 2222 });
    assert.deepEqual(remoteHost('--host', 'v6=ssh://[fd00::2]'), { name: 'v6', destination: 'fd00::2' });
  });

  it('refuses what ssh or the shell would misread', () => {
    assert.throws(() => remoteHost('--host', '-oProxyCommand=x'), /--host '-oProxyCommand=x'/);
    assert.throws(() => remoteHost('--host', 'a=http://x'), /ssh:\/\//);
    assert.throws(() => remoteHost('--host', 'a=ssh://x:99999'), /port/);
    assert.throws(() => remoteHost('--host', "a=ssh://ro'ot@x"), /user name/);
    assert.throws(() => remoteHosts('--host', ['a', 'a=ssh://x']), /declared twice/);
    assert.throws(() => remoteCommand('--remote-command', '  '), /command line/);
  });

  it('a prefix counts only when it names a declared host', () => {
    const hosts = remoteHosts('--host', ['hostA']);
    assert.deepEqual(hostPrefix('hostA:ovsf-hostA:eth0', hosts), { host: hosts.get('hostA'), rest: 'ovsf-hostA:eth0' });
    assert.deepEqual(hostPrefix('ctr:eth0', hosts), { rest: 'ctr:eth0' });
    assert.deepEqual(hostPrefix('hostA', hosts), { rest: 'hostA' });
  });
});

describe('capture with remote points', () => {
  it('groups each host\'s points into one remote capture, keeps the rest local', () => {
    const r = parseCaptureOptions(['tcp'], cli({ host: ['hostA', 'hostB=ssh://root@10.0.0.2'], interface: ['hostB:eth0', 'eth9'], container: ['hostA:test_mac', 'ctr:eth1'], ovsPort: ['hostB:v-x'], ovsDb: 'hostB:unix:/run/db.sock', remoteCommand: 'node /opt/o/cli.js' }));
    assert.deepEqual(r.targets.map((t) => t.iface), ['eth1', 'eth9']);
    assert.equal(r.remote?.command, 'node /opt/o/cli.js');
    assert.deepEqual(
      r.remote?.hosts.map((h) => [h.host.name, h.args, h.ifaces]),
      [
        ['hostB', ['-i', 'eth0', '--ovs-port', 'v-x', '--ovs-db', 'unix:/run/db.sock'], undefined],
        ['hostA', ['--container', 'test_mac'], undefined],
      ],
    );
    assert.equal(r.ovsDb, OVS_DEFAULT_DB, 'the local database stays the default');
  });

  it('plain -i points can fall back to tcpdump; the default remote command is ovsforensics', () => {
    const r = parseCaptureOptions([], cli({ host: ['h'], interface: ['h:eth0', 'h:eth1'] }));
    assert.deepEqual(r.remote?.hosts[0]?.ifaces, ['eth0', 'eth1']);
    assert.equal(r.remote?.command, 'ovsforensics');
    assert.deepEqual(r.targets, []);
  });

  it('checks remote values here, and ssh flags need a host', () => {
    assert.throws(() => parseCaptureOptions([], cli({ host: ['h'], interface: ['h:bad/name'] })), /-i 'bad\/name'/);
    assert.throws(() => parseCaptureOptions([], cli({ interface: ['eth0'], sshConfig: 'f' })), /--ssh-config needs --host/);
    assert.throws(() => parseCaptureOptions([], cli({ interface: ['eth0'], write: 'x.pcapng', spool: true })), /--spool is for -w -/);
    assert.equal(parseCaptureOptions([], cli({ interface: ['eth0'], write: '-', spool: true, spoolMax: '50' })).spoolBytes, 50e6);
    assert.throws(() => parseCaptureOptions([], cli({ interface: ['eth0'], write: '-', spool: true, spoolMax: '0' })), /--spool-max/);
    assert.throws(() => parseCaptureOptions([], cli({ host: ['h'], interface: ['h:eth0'], ovsDb: 'h:unix:/x' })), /name an --ovs-port h:PORT/);
  });
});
