// nftables: rulesets loaded from text on stdin (`nft -f -`), tables read back as JSON so rule
// counters can be reported.

import { runIn, runInChecked, type NetnsTarget } from './netns.js';

export interface NftRule {
  chain: string;
  handle: number;
  comment?: string;
  /** The packets counted by the rule's `counter`, if it has one. */
  packets?: number;
  bytes?: number;
}

/** Loads a ruleset atomically: all of it applies or none does. */
export async function nftApply(target: NetnsTarget, ruleset: string): Promise<void> {
  await runInChecked(target, 'nft', ['-f', '-'], { input: ruleset });
}

/** The table's rules, or undefined when it does not exist. */
export async function nftTableRules(target: NetnsTarget, family: string, table: string): Promise<NftRule[] | undefined> {
  const r = await runIn(target, 'nft', ['-j', 'list', 'table', family, table]);
  if (r.exitCode !== 0) return undefined;
  return parseNftRules(r.stdout);
}

export function parseNftRules(json: string): NftRule[] {
  type Expr = { counter?: { packets: number; bytes: number } };
  type Item = { rule?: { chain: string; handle: number; comment?: string; expr: Expr[] } };
  const doc = JSON.parse(json) as { nftables: Item[] };
  return doc.nftables.flatMap(({ rule }) => {
    if (!rule) return [];
    const counter = rule.expr.find((e) => e.counter)?.counter;
    return [{ chain: rule.chain, handle: rule.handle, comment: rule.comment, packets: counter?.packets, bytes: counter?.bytes }];
  });
}

/** Deletes the table if it exists; reports whether it did. */
export async function nftDeleteTable(target: NetnsTarget, family: string, table: string): Promise<boolean> {
  if ((await nftTableRules(target, family, table)) === undefined) return false;
  await runInChecked(target, 'nft', ['delete', 'table', family, table]);
  return true;
}
