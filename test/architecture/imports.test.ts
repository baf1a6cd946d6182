// The import rules of src/ (.dependency-cruiser.cjs): no cycle but the decoders' recursion, no
// layer reaching up. dependency-cruiser reads the TypeScript sources, type-only imports included.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support.js';

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
  cycle?: { name: string }[];
}

interface Cruise {
  modules: { source: string; dependencies: { resolved: string; circular: boolean }[] }[];
  summary: { violations: Violation[] };
}

function cruise(): Cruise {
  const bin = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
  const r = spawnSync(process.execPath, [bin, '--config', '.dependency-cruiser.cjs', '--output-type', 'json', 'src'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Cruise;
}

const line = (v: Violation): string => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (cycle ${v.cycle.map((c) => c.name).join(' → ')})` : ''}`;

describe('import rules', () => {
  const result = cruise();
  const found = result.summary.violations.map(line);

  it('no import breaks a rule', () => {
    assert.deepEqual(found, []);
  });

  it('the only cycles are the decoders re-entering each other, and they are seen', () => {
    const circular = result.modules.flatMap((m) => m.dependencies.filter((d) => d.circular).map((d) => `${m.source} → ${d.resolved}`));
    assert.ok(circular.length > 0, 'no cycle seen: the decoders recurse (a tunnel carries Ethernet), so the cycle check is not working');
    assert.deepEqual(
      circular.filter((c) => !/^src\/decode\/\S+ → src\/decode\//.test(c)),
      [],
    );
  });
});
