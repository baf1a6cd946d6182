// investigate's HTML report as a browser shows it, checked against the investigation it was made
// from: loads offline with no console problem or request, the path picture present and fitting the
// page, each place coloured as its JSON state says, the headline, findings and host clocks as in the JSON.

import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { Investigation } from '../../src/investigate/types.js';
import { HOP_STATE_COLORS } from '../../src/report/palette.js';
import { ARTIFACT_DIR } from './fixtures.js';
import { openFile } from './browser.js';

/** "#3a9a5b" → "rgb(58, 154, 91)", as getComputedStyle gives a fill. */
function rgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
}

export async function checkInvestigationPage(browser: Browser, file: string, r: Investigation, shot: string): Promise<void> {
  const o = await openFile(browser, file);
  const { page } = o;
  assert.equal((await page.textContent('#headline'))?.trim(), r.headline);
  const drawn = await page.evaluate(() => {
    const svg = document.querySelector('svg#path-picture')!;
    const main = document.querySelector('main')!.getBoundingClientRect();
    return {
      fits: svg.getBoundingClientRect().width <= main.width + 1,
      places: [...svg.querySelectorAll('g.hop')].map((g) => {
        const rect = g.querySelector('rect')!;
        const box = rect.getBoundingClientRect();
        return { id: g.getAttribute('data-element'), state: g.getAttribute('data-state'), fill: getComputedStyle(rect).fill, visible: box.width > 20 && box.height > 10 };
      }),
    };
  });
  assert.ok(drawn.fits, 'the picture fits the page');
  assert.deepEqual(
    drawn.places.map((p) => [p.id, p.state, p.fill, p.visible]),
    r.path.map((e) => [e.id, e.state, rgb(HOP_STATE_COLORS[e.state]), true]),
  );
  assert.equal(await page.locator('#findings article.finding').count(), r.findings.length);
  assert.equal(await page.locator('#recommendation .remedy').count(), r.recommendations.length);
  assert.equal(await page.locator('#hosts section.host-facts').count(), 2);
  assert.equal(await page.locator('tr[data-probe]').count(), r.fix ? 2 : 1);
  // Each host's clock beside its facts: the offset in ms with its bound, as the JSON has them.
  for (const c of r.hostClocks?.hosts ?? []) {
    const shown = await page.locator(`#hosts p.clock[data-clock-host="${c.host}"]`).first().textContent();
    if (c.host === r.hostClocks!.reference) assert.match(shown!, /reference/);
    else {
      const [offset, bound] = [...shown!.matchAll(/([+−]?\d+\.\d+) ms/g)].map((m) => Number(m[1]!.replace('−', '-')));
      assert.ok(Math.abs(offset! - c.offset! * 1000) <= 0.0005, shown!);
      if (c.uncertainty !== undefined) assert.ok(Math.abs(bound! - c.uncertainty * 1000) <= 0.0005, shown!);
      else assert.match(shown!, /includes the transit time/);
    }
  }
  assert.deepEqual(o.problems, []);
  assert.deepEqual(o.requests, []);
  await page.screenshot({ path: new URL(`${shot}.png`, ARTIFACT_DIR).pathname, fullPage: true });
  await page.context().close();
}
