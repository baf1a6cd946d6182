// --fix applies only ethtool settings on a container interface: a recommended fix that is advice
// to carry out by hand (underlay damage) is named with its commands, nothing changed, no second probe.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { investigationProblem } from '../../src/commands/investigate.js';
import { fixNotApplicable } from '../../src/investigate/fix.js';
import { ADVICE } from '../../src/remedy/advice/index.js';
import { recordedInvestigation } from './fixtures.js';

test('the incident: tx offload off is an ethtool change --fix applies', () => {
  const r = recordedInvestigation('incident-fix');
  assert.ok(r.recommendations[0]?.features);
  assert.equal(fixNotApplicable(r.recommendations), undefined);
});

test('underlay corruption: --fix names the advice and its commands, changes nothing and probes no more (exit 1)', () => {
  // Recorded with --fix on `lab up --offload off --corrupt 2`.
  const r = recordedInvestigation('corrupt');
  const [plan] = r.recommendations;
  assert.equal(plan?.features, undefined);
  const refused = fixNotApplicable(r.recommendations)!;
  assert.equal(refused.advice, plan!.advice);
  assert.match(refused.reason, new RegExp(`^${plan!.advice} \\(${plan!.adviceSide}, ${plan!.host}\\) is not a change investigate can apply`));
  // The advice's own steps to find and change the culprit, from the knowledge base.
  const steps = [...ADVICE[plan!.advice].diagnose, ...ADVICE[plan!.advice].change].filter((s) => s.command !== '');
  assert.ok(steps.length > 0);
  assert.deepEqual(refused.commands, steps.map((s) => s.command));
  // The live run kept to it: no fix steps, no second probe, exit 1.
  assert.deepEqual(r.fixNotApplied, refused);
  assert.equal(r.fix, undefined);
  assert.equal(investigationProblem(r), true);
});

test("the plan's own commands come first; nothing recommended says so", () => {
  const plan = { ...recordedInvestigation('corrupt').recommendations[0]!, commands: ['ip -s link show eth0'] };
  assert.deepEqual(fixNotApplicable([plan])?.commands, ['ip -s link show eth0']);
  const none = fixNotApplicable([])!;
  assert.equal(none.advice, undefined);
  assert.match(none.reason, /no recommendation/);
});
