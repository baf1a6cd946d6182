// fix's terminal output: the exact commands, the snapshot, every feature that changed, and the
// verification capture's verdict.

import type { FixResult } from '../remedy/fix-result.js';
import { printable } from '../text/printable.js';

const VERB = { 'dry-run': 'Dry run (nothing changed; --apply runs it)', apply: 'Applied', revert: 'Reverted' } as const;

export function renderFixText(r: FixResult): string {
  const o = r.outcome;
  const asked = Object.entries(o.settings).map(([k, on]) => `${k} ${on ? 'on' : 'off'}`).join(' ');
  const verb = o.unchanged && o.mode !== 'revert' ? 'Nothing to change' : VERB[o.mode];
  const source = o.mode === 'revert' ? '' : asked ? ` (from ${r.featuresFrom})` : `: ${r.featuresFrom}`;
  const lines = [`ovsforensics fix: ${o.iface} of ${o.target}`, `${verb}${asked ? `: ${asked}` : ''}${source}`];
  if (o.unchanged && o.mode === 'revert') lines.push('  already as in the snapshot');
  for (const c of o.commands) lines.push(`  $ ${c}`);
  if (o.snapshot.status !== 'none') lines.push(`  snapshot ${o.snapshot.status}: ${o.snapshot.path}${o.snapshot.takenAt ? ` (taken ${o.snapshot.takenAt})` : ''}`);
  if (o.changes.length > 0) {
    const width = Math.max(...o.changes.map((c) => c.name.length));
    lines.push(o.mode === 'dry-run' ? '  would change:' : '  changed (read back):');
    for (const c of o.changes) lines.push(`    ${c.name.padEnd(width)}  ${c.from} -> ${c.to}`);
  }
  lines.push('  read with:', ...[...new Set(o.readBy)].map((c) => `    $ ${c}`));
  if (r.verify) {
    const v = r.verify;
    lines.push(`Verify (${v.seconds} s capture, ${v.capture}): ${v.verified ? 'FIXED' : 'NOT VERIFIED'}: ${v.reason}`);
    for (const f of v.findings) lines.push(`  ${f.kind}: ${f.summary}`);
  }
  if (o.mode === 'apply' && !o.unchanged) {
    const cost = r.recommendations[0]?.cost;
    if (cost) lines.push(`Cost: ${cost}`);
    // The change lives on this interface only: the container's next start undoes it.
    lines.push('This lasts until the container restarts: ovsforensics doctor (same target) shows how to keep it.');
  }
  // Interface, container and feature names come from the host: each line is made printable whole.
  return `${lines.map(printable).join('\n')}\n`;
}
