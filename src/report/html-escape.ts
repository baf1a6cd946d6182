// Everything that puts untrusted text into the HTML report goes through here: capture and host
// strings (interface names, paths, hostnames, flow ids) may be crafted to inject markup.

import { createHash } from 'node:crypto';
import { markBidi } from './printable.js';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for element content or a quoted attribute value; bidi controls shown as marks, so none reorders the page's text. */
export function escapeHtml(text: string | number | boolean): string {
  return markBidi(String(text)).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Markup built by `html` templates: already escaped, so it is inserted as is. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function htmlValue(v: HtmlValue): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(htmlValue).join('');
  return escapeHtml(v as string | number | boolean);
}

/** Template tag: every interpolated value is escaped unless it is itself `html` output. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += htmlValue(v) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** A class-name token from data (severity, verdict): anything unexpected becomes "_". */
export function cssToken(text: string): string {
  return String(text).replace(/[^a-z0-9-]/gi, '_').slice(0, 40);
}

// `<` `>` `&` as \u escapes keep `</script>` and `<!--` out of the block; U+2028/2029 for old parsers.
const JSON_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * JSON safe to place inside `<script type="application/json">`; JSON.parse of its text gives `value`
 * back, but for bidi controls in strings, which the page shows as marks (markBidi) like escapeHtml.
 */
export function jsonForScript(value: unknown): string {
  return markBidi(JSON.stringify(value)).replace(/[<>&\u2028\u2029]/g, (c) => JSON_ESCAPES[c] ?? c);
}

/** Refuses code that would end its `<script>`/`<style>` element early instead of silently rewriting it. */
export function assertInlineSafe(code: string, what: string): string {
  const bad = /<\/(script|style)|<!--/i.exec(code);
  if (bad) throw new Error(`${what} contains "${bad[0]}" and cannot be inlined`);
  return code;
}

/** A CSP source expression allowing exactly this inline script or style text. */
export function cspHash(code: string): string {
  return `'sha256-${createHash('sha256').update(code, 'utf8').digest('base64')}'`;
}
