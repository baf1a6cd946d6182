// The `lab status --json` and `lab traffic --json` contracts (docs/schema/lab-status.schema.json,
// lab-traffic.schema.json), and nothing more.

import type { LabStatus, TrafficResult } from '../lab/index.js';

export function renderLabStatusJson(status: LabStatus): string {
  return `${JSON.stringify(status, null, 2)}\n`;
}

export function renderLabTrafficJson(r: TrafficResult): string {
  const { delivered, bytes, intact, seconds, throughputMBps } = r;
  return `${JSON.stringify({ delivered, bytes, intact, seconds, throughputMBps }, null, 2)}\n`;
}
