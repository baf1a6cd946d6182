// Command outputs recorded on Debian 12 (kernel 6.x, Open vSwitch 3.1) from a container veth, a
// userspace-datapath OVS with a VXLAN port, and its tap bridge port: test/fixtures/doctor/.

import { readFileSync } from 'node:fs';

const DIR = new URL('../../../test/fixtures/doctor/', import.meta.url);

export function recorded(name: string): string {
  return readFileSync(new URL(name, DIR), 'utf8');
}
