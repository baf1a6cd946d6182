// The report opens from file:// in Firefox too (Debian's firefox-esr, headless): the page script
// and Chart.js run under the report's CSP there, which shows as chart bars in the offload colour
// that a JavaScript-disabled Firefox does not draw.
// needs: firefox-esr

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { VERDICT_COLORS } from '../../src/report/palette.js';
import { writeHtmlReport } from '../../src/report/html.js';
import { ARTIFACT_DIR, loadFixture } from './fixtures.js';
import { countColour, decodePng } from './png.js';

const FIREFOX = '/usr/bin/firefox-esr';
const SKIP = existsSync(FIREFOX) || process.env.CI ? false : 'firefox-esr is not installed (scripts/install-deps.sh installs it; CI runs this)';

function screenshot(page: string, png: string, javascript: boolean): Buffer {
  const profile = mkdtempSync(join(tmpdir(), 'ovsf-firefox-'));
  writeFileSync(join(profile, 'user.js'), `user_pref("javascript.enabled", ${javascript});\nuser_pref("browser.shell.checkDefaultBrowser", false);\n`);
  const r = spawnSync(FIREFOX, ['--headless', '--no-remote', '--profile', profile, '--window-size=1280,6000', '--screenshot', png, pathToFileURL(page).href], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, MOZ_DISABLE_CONTENT_SANDBOX: '1' },
  });
  assert.ok(existsSync(png), `no screenshot from Firefox (exit ${r.status}): ${r.stderr}`);
  return readFileSync(png);
}

test('Firefox runs the report\'s scripts under its CSP and draws the charts', { skip: SKIP }, async () => {
  const dir = fileURLToPath(new URL('firefox/', ARTIFACT_DIR));
  mkdirSync(dir, { recursive: true });
  const { path } = await writeHtmlReport(loadFixture('offload-leak-blackhole'), join(dir, 'report.html'));
  const withJs = countColour(decodePng(screenshot(path, join(dir, 'report-firefox.png'), true)), VERDICT_COLORS.offload);
  const withoutJs = countColour(decodePng(screenshot(path, join(dir, 'report-firefox-nojs.png'), false)), VERDICT_COLORS.offload);
  assert.ok(withoutJs > 0, 'the static page shows offload badges and cards');
  assert.ok(withJs > withoutJs + 20_000, `offload-coloured pixels: ${withJs} with JavaScript, ${withoutJs} without`);
});
