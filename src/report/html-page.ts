// The document around every self-contained report: a CSP that allows exactly its inlined
// stylesheet and scripts (by hash), nothing fetched, and the body between them.

import { assertInlineSafe, cspHash, html, SafeHtml } from './html-escape.js';

export interface PageParts {
  title: string;
  /** Checked by assertInlineSafe and allowed by its hash. */
  css: string;
  body: SafeHtml;
  /** After the body, in order: blocks already safe to inline (e.g. escaped JSON data), then trusted scripts. */
  tail?: SafeHtml;
  /** Trusted scripts, each allowed by its hash: `module` ones load as ES modules. */
  scripts?: { code: string; name: string; module?: boolean }[];
}

export function renderPage(p: PageParts): string {
  const css = assertInlineSafe(p.css, 'the report stylesheet');
  const scripts = (p.scripts ?? []).map((s) => ({ ...s, code: assertInlineSafe(s.code, s.name) }));
  const csp = [
    "default-src 'none'",
    ...(scripts.length > 0 ? [`script-src ${scripts.map((s) => cspHash(s.code)).join(' ')}`] : []),
    `style-src ${cspHash(css)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${p.title}</title>
<style>${new SafeHtml(css)}</style>
</head>
<body>
${p.body}
${p.tail ?? ''}${scripts.map((s) => (s.module ? html`<script type="module">${new SafeHtml(s.code)}</script>\n` : html`<script>${new SafeHtml(s.code)}</script>\n`))}</body>
</html>
`.value;
}
