// What the capture lab tests share: the ovsfm ports and mirrors a capture may leave on br-int.

import { ovsVsctl } from '../../src/host/ovs.js';

/** ovsfm ports and mirrors present in a database. */
export async function mirrorLeftovers(db: string): Promise<string[]> {
  const ports = (await ovsVsctl(db, ['list-ports', 'br-int'])).stdout.split('\n').filter((p) => p.startsWith('ovsfm'));
  const mirrors = (await ovsVsctl(db, ['--bare', '--columns=name', 'list', 'Mirror'])).stdout.split('\n').filter(Boolean);
  return [...ports.map((p) => `port ${p}`), ...mirrors.map((m) => `mirror ${m}`)];
}
