// ssh's arguments for a capture stream, and the bulk cipher choice against `ssh -G` itself.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { bulkCipher, sshArgs } from '../../src/host/ssh.js';
import { run } from '../../src/host/run.js';
import { scratchDir } from '../support.js';

const to = { destination: 'hostA', port: 2222 };

describe('ssh arguments', () => {
  it('short commands share the host connection; a bulk stream has one of its own, with its cipher', () => {
    const session = { controlDir: '/tmp/x' };
    const shared = sshArgs(session, to);
    assert.ok(shared.includes('ControlMaster=auto') && shared.includes('ControlPath=/tmp/x/%C'));
    const own = sshArgs(session, to, { cipher: 'aes128-gcm@openssh.com' });
    assert.deepEqual(own.filter((a) => a.startsWith('Control')), ['ControlPath=none']);
    assert.equal(own[own.indexOf('-c') + 1], 'aes128-gcm@openssh.com');
    assert.equal(own.at(-1), 'hostA');
  });

  it('AES-GCM only where the CPU has AES and the config leaves the cipher list alone', async () => {
    const dir = scratchDir();
    writeFileSync(`${dir}/plain`, 'Host hostA\n  User root\n');
    writeFileSync(`${dir}/chosen`, 'Host hostA\n  Ciphers aes256-ctr\n');
    // What this ssh resolves for the chosen config, asked independently.
    const g = await run('ssh', ['-F', `${dir}/chosen`, '-G', 'hostA']);
    assert.match(g.stdout, /^ciphers aes256-ctr$/m);
    assert.equal(await bulkCipher({ controlDir: dir, config: `${dir}/chosen` }, to), undefined);
    const aes = /^flags\s*:.*\baes\b/m.test(readFileSync('/proc/cpuinfo', 'utf8'));
    assert.equal(await bulkCipher({ controlDir: dir, config: `${dir}/plain` }, to), aes ? 'aes128-gcm@openssh.com' : undefined);
  });
});
