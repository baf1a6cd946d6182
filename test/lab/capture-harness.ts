// What the capture lab tests share: the lab they mirror in, and the ovsfm ports and mirrors a capture may leave on br-int.

import { ovsVsctl } from '../../src/host/ovs.js';
import { labDown, labStatus, labUp } from './harness.js';

/** A fresh netns lab without offload, and what the mirror tests use: hostB's OVS database and test_mac_2's port. */
export async function mirrorLab(): Promise<{ status: Awaited<ReturnType<typeof labStatus>>; db: string; port: string }> {
  await labDown();
  await labUp('--runtime', 'netns', '--offload', 'off');
  const status = await labStatus();
  return { status, db: status.hosts.find((h) => h.name === 'hostB')!.ovsdb!, port: status.containers.find((c) => c.name === 'test_mac_2')!.ovsPort };
}

/** ovsfm ports and mirrors present in a database. */
export async function mirrorLeftovers(db: string): Promise<string[]> {
  const ports = (await ovsVsctl(db, ['list-ports', 'br-int'])).stdout.split('\n').filter((p) => p.startsWith('ovsfm'));
  const mirrors = (await ovsVsctl(db, ['--bare', '--columns=name', 'list', 'Mirror'])).stdout.split('\n').filter(Boolean);
  return [...ports.map((p) => `port ${p}`), ...mirrors.map((m) => `mirror ${m}`)];
}
