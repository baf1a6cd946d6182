// What the text report and the HTML report show of an advice, in one order: its parts with their
// headings, and which placeholders the reader still fills in. Both renderers walk these alone.

import { FACTS, placeholder, unfilledFacts, type Advice, type Step } from '../remedy/advice/index.js';

export type AdvicePart = { heading: string; text: string } | { heading: string; steps: Step[] };

export function adviceParts(a: Advice): AdvicePart[] {
  const parts: AdvicePart[] = [
    { heading: 'What it means', text: a.cause },
    { heading: 'What it rests on', text: a.evidence },
    { heading: 'Find and confirm', steps: a.diagnose },
    { heading: 'What to do', steps: a.change },
    { heading: 'What it costs', text: a.cost },
    { heading: 'Narrower alternatives', steps: a.alternatives },
    { heading: 'Keeping it across restarts', steps: a.persistence },
    { heading: 'Undoing it', steps: a.undo },
    { heading: 'Checking the fix', steps: a.verify },
  ];
  return parts.filter((p) => ('steps' in p ? p.steps.length > 0 : p.text !== ''));
}

/** "In the commands, replace <IFACE>: the container's interface …; <NIC>: …", or nothing when all are filled. */
export function placeholderHint(a: Advice): string | undefined {
  const open = unfilledFacts(a);
  if (open.length === 0) return undefined;
  return `In the commands, replace ${open.map((n) => `${placeholder(n)}: ${FACTS[n].means}`).join('; ')}.`;
}
