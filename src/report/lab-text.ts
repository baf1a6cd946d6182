// Terminal text for `lab up|down|status|traffic`.

import { isOvsOverlay, TUNNEL_PROTOCOL, type DownResult, type LabStatus, type Overlay, type TrafficResult, type UpResult } from '../lab/index.js';

export function renderLabProgress(line: string): string {
  return `lab: ${line}\n`;
}

function injectorsLine(r: UpResult): string {
  const { corrupt, blind, outerCsum } = r.state.injectors;
  const parts = [corrupt !== undefined ? `corrupt ${corrupt}%` : '', blind !== undefined ? `blind ${blind}%` : '', outerCsum !== undefined ? `outer-csum ${outerCsum}%` : ''].filter(Boolean);
  return parts.length ? parts.join(', ') : 'none';
}

function overlayName(kind: Overlay, underlay: string): string {
  return `${isOvsOverlay(kind) ? `OVS userspace ${TUNNEL_PROTOCOL[kind] === 'vxlan' ? 'VXLAN' : 'Geneve'}` : `kernel ${kind}`} over ${underlay}`;
}

export function renderLabUp(r: UpResult): string {
  const s = r.state;
  const offload = s.offload ? (isOvsOverlay(s.overlay) ? 'on (the incident)' : 'on (the default)') : 'off';
  return [
    `lab ${r.reused ? 'already up' : 'up'}: ${overlayName(s.overlay, s.underlay)}, runtime ${s.runtime}, checksum offload ${offload}, injectors ${injectorsLine(r)}`,
    ...s.containers.map((c) => `  ${c.name.padEnd(11)} ${c.host}  ${c.ip.padEnd(10)} pid ${c.pid}  nsenter --target ${c.pid} --net`),
    'next: ovsforensics lab traffic   |   ovsforensics lab status   |   ovsforensics lab down',
    '',
  ].join('\n');
}

export function renderLabDown(r: DownResult): string {
  return r.removed.length ? `lab down: removed\n${r.removed.map((x) => `  ${x}\n`).join('')}` : 'lab down: nothing to remove\n';
}

export function renderLabStatus(s: LabStatus): string {
  if (s.hosts.length === 0 && s.containers.length === 0) return 'lab is down\n';
  const lines = s.overlay ? [`overlay: ${overlayName(s.overlay.kind, s.overlay.underlay)}, UDP port ${s.overlay.port}`] : [];
  lines.push('hosts:');
  for (const h of s.hosts) {
    const ovs = h.ovsdb === undefined ? '' : `  ovs-vsctl --db=${h.ovsdb}`;
    lines.push(`  ${h.name} netns ${h.netns}  underlay ${h.underlay} ${h.ip}  bridges ${h.bridges.join(',') || '(none answering)'}${ovs}`);
    if (h.ssh) lines.push(`    ssh -F ${h.ssh.config} ${h.ssh.alias}   (${h.ssh.target})`);
  }
  const bridge = s.hosts[0]?.bridges.find((b) => b !== 'br-phy') ?? 'bridge';
  lines.push('containers:');
  for (const c of s.containers) lines.push(`  ${c.name.padEnd(11)} on ${c.host} (${c.runtime})  pid ${c.pid}  netns ${c.netns}  ${c.iface} ${c.ip}  ${bridge} port ${c.ovsPort}`);
  lines.push(`injectors:${s.injectors.length ? '' : ' none'}`);
  for (const i of s.injectors) lines.push(`  ${i.kind} ${i.rate}% on ${i.host}: ${i.counter} frames damaged`);
  return `${lines.join('\n')}\n`;
}

export function renderLabTraffic(r: TrafficResult): string {
  const what = `${r.from} -> ${r.to}, ${r.bytes} bytes (${r.pattern === 'random' ? 'random' : `0x${r.pattern.toString(16).padStart(2, '0')} pattern`})`;
  if (!r.connected) return `traffic ${what}: never connected (${r.error ?? 'no connection'}) after ${r.seconds} s\n`;
  const verdict = r.intact ? 'intact (SHA-256 matches)' : r.delivered === r.bytes ? 'ALTERED: every byte arrived but the SHA-256 differs' : `INCOMPLETE: ${r.delivered} of ${r.bytes} bytes arrived`;
  return [
    `traffic ${what}: ${verdict}`,
    `  ${r.delivered} bytes in ${r.seconds} s, ${r.throughputMBps} MB/s${r.error ? `; sender: ${r.error}` : ''}`,
    `  sent     sha256 ${r.sentSha256}`,
    `  received sha256 ${r.receivedSha256}`,
    '',
  ].join('\n');
}
