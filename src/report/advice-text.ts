// The advice of an analysis's findings as terminal text: each known cause once, with the findings
// it answers, its commands as `$ ` lines and the placeholders left to fill in.

import { findingAdvice } from '../analyze/remedies.js';
import type { Finding } from '../analyze/types.js';
import { resolveAdvice, type Advice } from '../remedy/advice/index.js';
import { adviceParts, placeholderHint } from './advice-view.js';

function adviceLines(a: Advice): string[] {
  const lines = [`  [${a.id}] ${a.title}`];
  const hint = placeholderHint(a);
  if (hint) lines.push(`    ${hint}`);
  for (const p of adviceParts(a)) {
    if ('text' in p) {
      lines.push(`    ${p.heading.toLowerCase()}: ${p.text}`);
      continue;
    }
    lines.push(`    ${p.heading.toLowerCase()}:`);
    for (const s of p.steps) {
      lines.push(`      - ${s.purpose}`);
      if (s.command) lines.push(`        $ ${s.command}`);
    }
  }
  return lines;
}

/** "what to do" for the findings: one block per advice and facts, naming the finding kinds it answers. */
export function renderFindingsAdvice(findings: readonly Finding[]): string[] {
  const groups = new Map<string, { kinds: Set<string>; advice: Advice[] }>();
  for (const f of findings) {
    const ref = findingAdvice(f);
    if (ref === undefined) continue;
    const key = JSON.stringify(ref);
    const g = groups.get(key) ?? { kinds: new Set<string>(), advice: resolveAdvice(ref) };
    g.kinds.add(f.kind);
    groups.set(key, g);
  }
  const out: string[] = [];
  for (const g of groups.values()) {
    if (g.advice.length === 0) continue;
    out.push(`what to do about ${[...g.kinds].join(', ')}:`);
    g.advice.forEach((a, i) => {
      if (i > 0) out.push('  another known cause with the same evidence:');
      out.push(...adviceLines(a));
    });
    out.push('');
  }
  return out;
}
