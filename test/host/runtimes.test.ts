// Each container runtime's answer parsed from its recorded output (test/fixtures/runtimes/): the
// pid a namespace is entered by, whether it runs, and the name it goes by.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { missingFrom } from '../../src/host/container-types.js';
import { parseCrictlInspect } from '../../src/host/crictl.js';
import { ctrInspect, parseCtrTasks } from '../../src/host/ctr.js';
import { parseDockerInspect } from '../../src/host/docker.js';

const DIR = new URL('../../../test/fixtures/runtimes/', import.meta.url);
const recorded = (name: string): string => readFileSync(new URL(name, DIR), 'utf8');
/** The same answer read the way a person would: the first element's fields by their JSON names. */
const raw = (name: string): { Id: string; Name: string; State: { Pid: number; Status: string } } => (JSON.parse(recorded(name)) as [never])[0];

test('docker inspect: .State.Pid of a running container, its name without the leading /', () => {
  const r = raw('docker-inspect-running.json');
  assert.deepEqual(parseDockerInspect(recorded('docker-inspect-running.json')), { id: r.Id, name: r.Name.slice(1), status: 'running', running: true, pid: r.State.Pid });
  assert.ok(r.State.Pid > 0);
});

test('docker inspect: a created container has no pid and does not run', () => {
  const c = parseDockerInspect(recorded('docker-inspect-created.json'));
  assert.deepEqual([c?.status, c?.running, c?.pid], ['created', false, 0]);
  assert.equal(parseDockerInspect('[]'), undefined);
});

test('podman and nerdctl inspect: Docker\'s format, the name as given', () => {
  for (const file of ['podman-inspect-running.json', 'nerdctl-inspect-running.json']) {
    const r = raw(file);
    assert.deepEqual(parseDockerInspect(recorded(file)), { id: r.Id, name: r.Name, status: 'running', running: true, pid: r.State.Pid }, file);
    assert.ok(!r.Name.startsWith('/'), file);
  }
});

test('crictl inspect: .info.pid, .status.metadata.name, CONTAINER_RUNNING', () => {
  const json = recorded('crictl-inspect-running.json');
  const r = JSON.parse(json) as { status: { id: string }; info: { pid: number } };
  assert.deepEqual(parseCrictlInspect(json), { id: r.status.id, name: 'app', status: 'CONTAINER_RUNNING', running: true, pid: r.info.pid });
  const exited = parseCrictlInspect(json.replace('"CONTAINER_RUNNING"', '"CONTAINER_EXITED"'));
  assert.deepEqual([exited.running, exited.pid], [false, 0]);
});

test('ctr task ls: one task per row, the header and padding skipped', () => {
  const text = recorded('ctr-task-ls.txt');
  const rows = text.split('\n').slice(1).filter(Boolean).map((l) => l.trim().split(/\s+/));
  assert.deepEqual(
    parseCtrTasks(text),
    rows.map(([id, pid, status]) => ({ id, name: id, status, running: status === 'RUNNING', pid: Number(pid) })),
  );
  assert.deepEqual(parseCtrTasks(text).map((t) => [t.name, t.running]), [
    ['ovsf_ctr', true],
    ['ovsf_ctr_stopped', false],
  ]);
  assert.deepEqual(parseCtrTasks(recorded('ctr-task-ls-empty.txt')), []);
});

test('a runtime that answers without a container: not installed, or its own last error line', () => {
  assert.deepEqual(missingFrom({ command: 'podman container inspect x', exitCode: -1, stderr: 'spawn podman ENOENT', notFound: true }), { missing: 'not installed' });
  const crictl = 'WARN[0000] runtime connect using default endpoints: [unix:///run/containerd/containerd.sock]\nFATA[0000] validate service connection: connection refused';
  assert.deepEqual(missingFrom({ command: 'crictl ps -q', exitCode: 1, stderr: crictl, notFound: false }), { missing: 'FATA[0000] validate service connection: connection refused' });
  const ctr = 'ctr: failed to dial "/run/containerd/containerd.sock": context deadline exceeded';
  assert.deepEqual(missingFrom({ command: 'ctr --connect-timeout 2s namespaces list -q', exitCode: 1, stderr: ctr, notFound: false }), { missing: ctr.slice('ctr: '.length) });
  assert.deepEqual(missingFrom({ command: 'podman container inspect x', exitCode: 125, stderr: '', notFound: false }), { missing: 'exit 125' });
});

test('ctr: no socket file answers at once, without waiting out the connect timeout', async () => {
  const saved = process.env.CONTAINERD_ADDRESS;
  const socket = join(tmpdir(), `ovsf-no-containerd-${process.pid}.sock`);
  process.env.CONTAINERD_ADDRESS = socket;
  try {
    assert.deepEqual(await ctrInspect('any'), { missing: `no containerd socket at ${socket}` });
  } finally {
    if (saved === undefined) delete process.env.CONTAINERD_ADDRESS;
    else process.env.CONTAINERD_ADDRESS = saved;
  }
});
