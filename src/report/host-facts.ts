// doctor's facts in the shape the HTML report renders (HostFacts): what doctor --json carries
// as `host`, so `report` can show the host next to the findings.

import { featureText, type DoctorFacts } from '../remedy/index.js';
import type { HostFacts } from './report-types.js';

export function hostFactsFromDoctor(f: DoctorFacts): HostFacts {
  const host: HostFacts = { hostname: f.hostname, collectedAt: f.collectedAt, kernel: f.kernel?.release, ovsVersion: f.ovs?.version };
  if (f.target) host.containers = [{ name: f.target.name, pid: f.target.pid, runtime: f.target.runtime ?? f.target.kind, netns: f.target.netns, interfaces: [f.target.iface] }];
  host.interfaces = f.interfaces.map((i) => ({
    name: `${i.name} (${i.role})`,
    netns: i.where,
    driver: i.driver?.driver,
    mtu: i.mtu,
    // A plain on/off where it can change; the driver's [fixed] (or a held-back request) as text.
    offloads: Object.fromEntries(Object.entries(i.features?.values ?? {}).map(([k, v]) => [k, v.fixed || v.requested !== undefined ? featureText(v) : v.on])),
  }));
  host.notes = [...f.risks.map((r) => `[${r.severity}] ${r.summary}: ${r.reason}`), ...f.errors.map((e) => `could not read: ${e}`)];
  return host;
}
