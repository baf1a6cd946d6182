// The status line's CPU: /proc/PID/stat read as the kernel's own getrusage reports it.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { CpuMeter, processCpuSeconds } from '../../src/capture/cpu-meter.js';

/** Spins until this process has used `seconds` more CPU (by process.cpuUsage). */
function burn(seconds: number): void {
  const start = process.cpuUsage();
  for (;;) {
    const u = process.cpuUsage(start);
    if ((u.user + u.system) / 1e6 >= seconds) return;
  }
}

test('a process\'s CPU from /proc follows process.cpuUsage within two clock ticks', () => {
  burn(0.1);
  const own = process.cpuUsage();
  const proc = processCpuSeconds(process.pid);
  assert.ok(Math.abs(proc - (own.user + own.system) / 1e6) <= 0.02 + 0.01, `${proc} vs ${JSON.stringify(own)}`);
});

test('a process that is gone counts 0; the meter counts its programs and keeps what a finished one used', async () => {
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  assert.equal(processCpuSeconds(Number(gone.stdout)), 0);
  // A program that burns 0.2 s of CPU, says so, and waits to be killed.
  const js = 'const s=process.cpuUsage();while((process.cpuUsage(s).user+process.cpuUsage(s).system)<2e5);console.log("burnt");setInterval(()=>{},1e6)';
  const child = spawn(process.execPath, ['-e', js], { stdio: ['ignore', 'pipe', 'ignore'] });
  await once(child.stdout, 'data');
  const meter = new CpuMeter(() => [child.pid!]);
  const own = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const withChild = meter.total() - own();
  assert.ok(withChild >= 0.18, `the program's ${withChild} s`);
  child.kill('SIGKILL');
  await once(child, 'close');
  assert.ok(meter.total() - own() >= withChild - 0.01, 'kept after it exited');
  assert.ok(meter.sample() > 0);
});
