// doctor's terminal output: facts with the command each came from, ranked risks, recommendations.

import type { Recommendation } from '../remedy/recommend.js';
import type { LeftoverCleanup } from '../capture/types.js';
import { featureText, KEY_FEATURES, type DoctorFacts, type InterfaceFacts } from '../remedy/index.js';
import { printable } from '../text/printable.js';

const ROLE_TITLE = { container: 'container end', peer: 'host-side veth peer', tunnel: 'kernel tunnel device', underlay: 'underlay NIC' } as const;

const cmd = (c: string): string => `      $ ${c}`;

function interfaceLines(i: InterfaceFacts): string[] {
  const tunnel = i.tunnel?.remote === undefined ? '' : `, to ${i.tunnel.remote}${i.tunnel.port === undefined ? '' : ` port ${i.tunnel.port}`}`;
  const lines = [`  ${ROLE_TITLE[i.role]}: ${i.name} in ${i.where}${i.kind ? `, ${i.kind}` : ''}${i.mtu ? `, mtu ${i.mtu}` : ''}${i.master ? `, port of ${i.master}` : ''}${tunnel}`];
  if (i.foundBy.length > 0) lines.push('    found by', ...i.foundBy.map(cmd));
  if (i.driver) lines.push(`    driver ${i.driver.driver} ${i.driver.version}${i.driver.firmware ? `, firmware ${i.driver.firmware}` : ''}`, cmd(i.driver.command));
  if (i.features) {
    const shown = KEY_FEATURES.filter((k) => i.features!.values[k]).map((k) => `${k} ${featureText(i.features!.values[k])}`);
    lines.push(`    offloads: ${shown.join(', ')}`, cmd(i.features.command));
  }
  const c = i.checksumCounters;
  if (c) {
    const counted = Object.entries({ ...c.kernel, ...c.nic }).map(([k, v]) => `${k} ${v}`);
    lines.push(`    checksum drops counted so far (its namespace, its driver): ${counted.join(', ') || 'none kept'}`, ...c.commands.map(cmd));
  }
  for (const e of i.errors) lines.push(`    could not read: ${e}`);
  return lines;
}

function renderRecommendations(recs: readonly Recommendation[]): string[] {
  if (recs.length === 0) return [];
  const lines = ['', `Recommended (${recs.length})`];
  recs.forEach((r, n) => {
    lines.push(`  ${n + 1}. on the ${r.side}: ${r.summary}  [answers ${r.answers}]`);
    for (const c of r.commands) lines.push(`      $ ${c}`);
    lines.push(`     cost: ${r.cost}`);
    if (r.persist.length > 0) lines.push('     keep it across restarts:');
    for (const p of r.persist) {
      lines.push(`       - ${p.how}`);
      for (const l of p.command.split('\n').filter(Boolean)) lines.push(`           ${l}`);
    }
  });
  return lines;
}

export function renderDoctorText(f: DoctorFacts, recs: readonly Recommendation[]): string {
  const lines = [`ovsforensics doctor: host ${f.hostname}, ${f.collectedAt}`, ''];
  if (f.kernel) {
    lines.push(`Kernel ${f.kernel.release}: ${f.kernel.vethChecksumBug ? 'HAS' : 'does not have'} the pre-4.4 veth CHECKSUM_UNNECESSARY bug (fixed by ce8c839b74e3)`, cmd(f.kernel.command));
  }
  if (f.target) lines.push(`Target: ${f.target.kind} ${f.target.name}${f.target.pid ? ` (pid ${f.target.pid})` : ''}, interface ${f.target.iface}`, ...f.target.commands.map(cmd));
  if (f.interfaces.length > 0) lines.push('', 'Interfaces', ...f.interfaces.flatMap(interfaceLines));
  if (f.ovs) {
    const o = f.ovs;
    lines.push('', `Open vSwitch ${o.version ?? '(version unknown)'} at ${o.db} (${o.dbSource})`);
    if (o.versionCommand) lines.push(cmd(o.versionCommand));
    lines.push(`  bridges: ${o.bridges.map((b) => `${b.name} (datapath_type ${b.datapathType})`).join(', ') || 'none'}`, cmd(o.bridgesCommand));
    lines.push(`  other_config:userspace-tso-enable: ${o.userspaceTso}`, cmd(o.otherConfigCommand));
    const tunnels = o.tunnels.map((t) => `${t.name} ${t.type} ${Object.entries(t.options).map(([k, v]) => `${k}=${v}`).join(' ')}`);
    lines.push(`  tunnel ports: ${tunnels.join('; ') || 'none'}`, cmd(o.tunnelsCommand));
  }
  lines.push('', f.risks.length === 0 ? 'Risks: none found' : `Risks (${f.risks.length}, most severe first)`);
  f.risks.forEach((r, n) => {
    lines.push(`  ${n + 1}. [${r.severity}] ${r.summary}`, `     why: ${r.reason}`, '     seen in:', ...r.evidence.map(cmd));
  });
  lines.push(...renderRecommendations(recs));
  if (f.errors.length > 0) lines.push('', 'Could not read', ...f.errors.map((e) => `  ${e}`));
  // Names and values come from the host's JSON (ip, ovs-vsctl, container runtimes): each line is made printable whole.
  return `${lines.map(printable).join('\n')}\n`;
}

export function renderCleanupText(c: LeftoverCleanup): string {
  const lines = [c.removed.length === 0 ? `no leftovers of killed captures in ${c.db}` : `removed from ${c.db}: ${c.removed.join(', ')}`];
  if (c.live.length > 0) lines.push(`kept, their captures still run: ${c.live.join(', ')}`);
  return `${lines.map(printable).join('\n')}\n`;
}
