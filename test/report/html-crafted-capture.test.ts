// A crafted pcapng with markup in its file name, interface name and payload, through the real
// analyzer into the HTML report in Chromium: everything shows as text, nothing runs.
// needs: chromium (Debian's, driven by playwright-core)

import assert from 'node:assert/strict';
import { closeSync, openSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { ACK, ETH_IPV4, ethernet, ipv4, SYN, tcp, udp, vxlan } from '../../scripts/synth/frames.js';
import { analyze } from '../../src/analyze/analyze-files.js';
import { PcapngWriter } from '../../src/pcap/index.js';
import { checkClean, launchChromium, MAIN_CHARTS, open, OUT } from './browser.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

/** A pcapng whose file name, interface name and description, and payload bytes carry markup. */
async function craftHostileCapture(): Promise<string> {
  const file = path.join(fileURLToPath(OUT), '"><img src=x onerror="window.__pwned=\'file\'">.pcapng');
  const fd = openSync(file, 'w');
  const w = new PcapngWriter(fd, { application: '<script>window.__pwned="app"</script>' });
  const id = w.addInterface({
    linkType: 1,
    name: 'eth1"><img src=x onerror="window.__pwned=\'ifname\'"></script><script>window.__pwned="ifname"</script>',
    description: '<svg onload="window.__pwned=\'desc\'">',
  });
  const payload = Buffer.from('</script><script>window.__pwned="payload"</script><!--');
  const frame = (seq: number, check: 'offload' | 'valid', damage: number[] = [], flags = ACK): Buffer => {
    const inner = ethernet(
      { src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' },
      ETH_IPV4,
      ipv4({ src: '10.10.0.1', dst: '10.10.0.2' }, tcp({ sport: 40000, dport: 22, seq, flags, payload, check, damage })),
    );
    const outer = udp({ sport: 50000, dport: 4789, payload: vxlan(42, inner), check: 'zero' });
    return ethernet({ src: '02:00:00:00:01:01', dst: '02:00:00:00:01:02' }, ETH_IPV4, ipv4({ src: '192.168.56.11', dst: '192.168.56.12' }, outer));
  };
  let t = 1714564800;
  // The same SYN, unfinished, five times: an offload leak and a black hole.
  for (let i = 0; i < 5; i++) w.writePacket(id, { tsSec: t++, tsNsec: 0, data: frame(1000, 'offload', [], SYN), direction: 'inbound' });
  // Damaged after the checksum: a corrupt segment whose hex view shows the payload.
  w.writePacket(id, { tsSec: t++, tsNsec: 0, data: frame(2000, 'valid', [3, 9]), direction: 'inbound' });
  await w.close();
  closeSync(fd);
  return file;
}

test('a crafted capture with markup in names and payload, through the analyzer, stays inert', async () => {
  const file = await craftHostileCapture();
  const { analysis } = await analyze({ captures: [{ path: file, point: path.basename(file) }] });
  assert.deepEqual(analysis.findings.map((f) => f.kind).sort(), ['blackhole', 'corruption', 'offload-leak']);
  const o = await open(browser, 'crafted-capture', analysis);
  await o.page.hover('article.finding h3');
  const state = await o.page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: unknown }).__pwned,
    scripts: document.scripts.length,
    injected: document.querySelectorAll('img, iframe, svg, object, embed').length,
    text: document.body.innerText,
  }));
  assert.equal(state.pwned, undefined);
  assert.equal(state.scripts, 3);
  assert.equal(state.injected, 0);
  assert.ok(state.text.includes('<script>window.__pwned="ifname"</script>'), 'interface name shown as text');
  assert.ok(state.text.includes('"><img src=x onerror="window.__pwned=\'file\'">.pcapng'), 'file name shown as text');
  assert.match(state.text, /<\/script><script>window\.__pwn/, 'payload shown in the hex view as text');
  await checkClean(o, MAIN_CHARTS, 'report-crafted-capture');
});
