// investigate's HTML report in real headless Chromium, from investigations recorded on the lab: the
// path picture coloured as the JSON says, offline, no script, hostile names inert; and the text
// renderer's headline and path lines.
// needs: chromium (Debian's, driven by playwright-core)

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { writeInvestigationReport } from '../../src/report/html-investigation.js';
import { renderInvestigationText } from '../../src/report/investigation-text.js';
import { recordedInvestigation } from '../investigate/fixtures.js';
import { launchChromium, openFile, OUT } from './browser.js';
import { checkInvestigationPage } from './investigation-page.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

for (const name of ['incident-fix', 'corrupt', 'healthy-vxlan'] as const) {
  test(`${name}: the path drawn, each place coloured by its state`, async () => {
    const r = recordedInvestigation(name);
    const written = await writeInvestigationReport(r, new URL(`investigate-${name}.html`, OUT).pathname);
    await checkInvestigationPage(browser, written.path, r, `report-investigate-${name}`);
  });
}

test('hostile names from a remote doctor stay text', async () => {
  const r = recordedInvestigation('corrupt');
  r.path[0]!.detail = '<img src=x onerror="document.title=1"><script>document.title=2</script>';
  r.to.container = '</svg><b id="owned">x</b>';
  const written = await writeInvestigationReport(r, new URL('investigate-hostile.html', OUT).pathname);
  const o = await openFile(browser, written.path);
  assert.equal(await o.page.locator('img, script, #owned').count(), 0);
  assert.match((await o.page.textContent('svg#path-picture title'))!, /<img src=x/);
  assert.deepEqual(o.requests, []);
  await o.page.context().close();
});

test('text: the headline first, every place of the path with its state and capture point', () => {
  const r = recordedInvestigation('corrupt');
  const lines = renderInvestigationText(r).split('\n');
  assert.equal(lines[1]!.trim(), r.headline);
  for (const e of r.path) assert.ok(lines.some((l) => l.includes(` ${e.kind} ${e.name}${e.point ? ` [${e.point}]` : ''}:`)), e.id);
  assert.ok(lines.some((l) => l.startsWith(`at fault: ${r.fault!.from} → ${r.fault!.to}`)));
});

test("text: each host's clock against the reference, with its bound", () => {
  for (const name of ['corrupt', 'healthy-vxlan'] as const) {
    const r = recordedInvestigation(name);
    const lines = renderInvestigationText(r).split('\n');
    const clocks = r.hostClocks!;
    assert.ok(lines.some((l) => l.startsWith(`host clocks (vs ${clocks.reference},`)), name);
    for (const c of clocks.hosts.filter((x) => x.host !== clocks.reference)) {
      const line = lines.find((l) => l.trim().startsWith(`${c.host} `) && l.includes(' ms'))!;
      // "+0.008 ms ± 0.015 ms two-way": both numbers as the JSON has them, in milliseconds.
      const [offset, bound] = [...line.matchAll(/([+−-]?\d+\.\d+) ms/g)].map((m) => Number(m[1]!.replace('−', '-')));
      assert.ok(Math.abs(offset! - c.offset! * 1000) <= 0.0005, `${name}: ${line}`);
      assert.ok(Math.abs(bound! - c.uncertainty! * 1000) <= 0.0005, `${name}: ${line}`);
    }
  }
});

test('text: --fix that cannot apply the recommended advice says so and lists its commands', () => {
  const r = recordedInvestigation('corrupt');
  const text = renderInvestigationText(r);
  assert.ok(text.includes(`--fix: nothing changed, no second probe: ${r.fixNotApplied!.reason}`));
  for (const c of r.fixNotApplied!.commands) assert.ok(text.includes(`    $ ${c}\n`), c);
  assert.doesNotMatch(text, /^fixed:/m);
});
