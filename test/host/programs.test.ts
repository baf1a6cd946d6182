// Missing programs are reported as the Debian package to install.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EnvironmentError } from '../../src/errors.js';
import { findProgram, requirePrograms } from '../../src/host/programs.js';

test('a program on the search path is found by absolute path', () => {
  assert.equal(findProgram('node', process.execPath.replace(/\/node$/, '')), process.execPath);
});

test('a missing program names its package', () => {
  assert.throws(
    () => requirePrograms([{ program: 'ovsforensics-no-such-program', debianPackage: 'openvswitch-switch' }], '/nonexistent'),
    (e: unknown) => e instanceof EnvironmentError && e.message === 'ovsforensics-no-such-program not found: install the Debian package openvswitch-switch',
  );
});
