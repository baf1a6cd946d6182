// Where the lab keeps its private files: OVS databases, sockets, logs, the state file, a private
// dockerd. All under one run directory so `down` can remove it whole.

import { join } from 'node:path';

export const LAB_RUN_DIR = process.env.OVSFORENSICS_LAB_DIR ?? '/run/ovsforensics-lab';

export const labPaths = {
  state: join(LAB_RUN_DIR, 'state.json'),
  host: (name: string): string => join(LAB_RUN_DIR, name),
  docker: join(LAB_RUN_DIR, 'docker'),
  image: join(LAB_RUN_DIR, 'image'),
  ssh: join(LAB_RUN_DIR, 'ssh'),
};
