// investigate --json: the Investigation as it is (docs/schema/investigation.schema.json).

import type { Investigation } from '../investigate/types.js';

export function renderInvestigationJson(r: Investigation): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
