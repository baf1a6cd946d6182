// Text of a live capture: the once-a-second status line and the per-point counters printed
// before the analysis summary (libpcap's received/dropped next to what reached the file).

import type { CaptureResult, LiveStatus } from '../capture/types.js';
import { fmtInt } from './format.js';
import { printable } from '../text/printable.js';

export function renderCaptureStatus(s: LiveStatus): string {
  const v = s.segments;
  const shed = s.shed ? `, analysis shed ${fmtInt(s.shed)}` : '';
  const head = `${s.seconds.toFixed(0)} s: ${fmtInt(s.packets)} packets (${fmtInt(s.packetsPerSecond)}/s), ${fmtInt(s.dropped)} dropped, CPU ${Math.round(s.cpuCores * 100)}%${shed}`;
  return v === undefined ? head : `${head} | valid ${fmtInt(v.valid)} offload ${fmtInt(v.offload)} corrupt ${fmtInt(v.corrupt)} unverifiable ${fmtInt(v.unverifiable)}`;
}

export function renderCaptureSummary(r: CaptureResult): string {
  const out = [
    `capture: ${r.engine === 'native' ? 'ovsf-capture (native, libpcap)' : 'tcpdump'}, ${r.seconds.toFixed(1)} s, stopped by ${r.stoppedBy}; written: ${r.files.join(', ') || 'nothing'}`,
    `  ${'point'.padEnd(48)} ${'written'.padStart(10)} ${'received'.padStart(10)} ${'kern drop'.padStart(10)} ${'if drop'.padStart(8)}`,
  ];
  for (const p of r.points) {
    const s = p.stats;
    out.push(`  ${p.label.padEnd(48)} ${fmtInt(p.packets).padStart(10)} ${fmtInt(s.recv).padStart(10)} ${fmtInt(s.drop).padStart(10)} ${fmtInt(s.ifdrop).padStart(8)}`);
  }
  const hosts = [...new Set(r.points.map((p) => p.label.split('/')[0]!))];
  if (hosts.length > 1) out.push(`  clocks: each host's own timestamps kept (${hosts.join(', ')}); \`correlate\` estimates their offsets`);
  if (r.shedPackets) out.push(`  analysis shed ${fmtInt(r.shedPackets)} packets it could not keep up with: the analysis below is partial (every packet is in the file)`);
  // Point labels carry container and interface names as the host reports them.
  return `${out.map(printable).join('\n')}\n\n`;
}
