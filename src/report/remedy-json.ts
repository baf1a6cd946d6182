// doctor --json and fix --json: their result objects as they are, one per run.

export function renderRemedyJson(result: object): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
