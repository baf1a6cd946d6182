// Corrupt segments: stored vs expected checksum per frame and a hex view of the segment with the
// checksum field marked.

import type { Analysis, CorruptDetail } from '../analyze/types.js';
import { fmtHex4, fmtInt, plural } from './format.js';
import { html, SafeHtml } from './html-escape.js';
import { FRAME_HEAD, frameRow, omittedNote } from './html-findings.js';
import { LIMITS, take } from './limits.js';

/** Where the checksum field sits from the start of each header the analyzer dumps. */
const CHECKSUM_OFFSET: Record<string, number> = { tcp: 16, udp: 6, ipv4: 10 };

const printable = (b: number): string => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.');

export function hexView(d: CorruptDetail): SafeHtml {
  if (typeof d.hex !== 'string' || !/^(?:[0-9a-fA-F]{2})*$/.test(d.hex)) {
    return html`<p class="omitted">The analysis holds no readable hex for this frame.</p>`;
  }
  const all = Buffer.from(d.hex, 'hex');
  const bytes = all.subarray(0, LIMITS.hexBytes);
  const ck = CHECKSUM_OFFSET[d.layer];
  const lines: SafeHtml[] = [];
  for (let row = 0; row < bytes.length; row += 16) {
    const cells = [...bytes.subarray(row, row + 16)].map((b, i) => {
      const at = row + i;
      const hex = b.toString(16).padStart(2, '0');
      return ck !== undefined && (at === ck || at === ck + 1) ? html`<mark>${hex}</mark> ` : html`${hex} `;
    });
    const ascii = [...bytes.subarray(row, row + 16)].map(printable).join('');
    const offset = (d.hexOffset + row).toString(16).padStart(4, '0');
    lines.push(html`<span class="off">${offset}</span>  ${cells}${' '.repeat(3 * (16 - cells.length))} ${ascii}\n`);
  }
  const cut = all.length - bytes.length;
  return html`<pre class="hex">${lines}</pre>${cut > 0 ? html`<p class="omitted">${plural(cut, 'byte')} more not shown.</p>` : ''}`;
}

function detail(a: Analysis, d: CorruptDetail, index: number): SafeHtml {
  const diff = d.expected === undefined ? '' : ` (stored ${fmtHex4(d.stored)}, expected ${fmtHex4(d.expected)})`;
  return html`<details class="corrupt"${index < 3 ? html` open` : ''}>
<summary>Frame ${fmtInt(d.frame)}: ${d.layer} checksum at depth ${d.depth}${diff}</summary>
<div class="scroll"><table class="data"><thead>${FRAME_HEAD}</thead><tbody>${frameRow(a, d)}</tbody></table></div>
<p>Hex of the segment from frame offset ${fmtInt(d.hexOffset)} (0x${d.hexOffset.toString(16)}); the checksum field is marked.</p>
${hexView(d)}
</details>`;
}

export function renderCorrupt(a: Analysis): SafeHtml {
  if (a.corrupt.length === 0 && a.corruptOmitted === 0) return html``;
  const { shown, omitted } = take(a.corrupt, LIMITS.corruptRows);
  return html`<section id="corrupt"><h2>Corrupt segments (${fmtInt(a.corrupt.length + a.corruptOmitted)})</h2>
<p>Each checksum below is neither right nor an offload placeholder: the bytes changed after it was computed.</p>
${shown.map((d, i) => detail(a, d, i))}
${omittedNote(omitted, 'corrupt segment')}
${a.corruptOmitted > 0 ? html`<p class="omitted">${plural(a.corruptOmitted, 'corrupt segment')} more were counted but not kept by the analyzer.</p>` : ''}
</section>`;
}
