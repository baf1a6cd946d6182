// The report's stylesheet, as a TS string so it ships inside dist/ (tsc copies no .css files).

import { VERDICTS } from '../checksum/types.js';
import { VERDICT_COLORS } from './palette.js';

const verdictRules = VERDICTS.map(
  (v) => `.badge.v-${v}{background:${VERDICT_COLORS[v]}}.card.v-${v}{border-top-color:${VERDICT_COLORS[v]}}`,
).join('\n');

export const REPORT_CSS = `
:root{--fg:#1d232b;--muted:#5d6673;--line:#d8dde3;--bg:#fff;--panel:#f6f8fa;--bad:#b3261e;--warn:#a36a00;--ok:#2e7d4f;--link:#1f5fa8}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1180px;margin:0 auto;padding:24px 28px 48px}
header{border-bottom:1px solid var(--line);padding-bottom:12px;margin-bottom:8px}
.kicker{color:var(--muted);font-size:13px;margin:0 0 6px;overflow-wrap:anywhere}
h1.headline{font-size:19px;font-weight:600;line-height:1.4;margin:0 0 10px;padding:12px 16px;border-left:6px solid var(--muted);background:var(--panel);overflow-wrap:anywhere}
.tone-bad{border-left-color:var(--bad)!important}.tone-warn{border-left-color:var(--warn)!important}.tone-ok{border-left-color:var(--ok)!important}
.headline-small{font-size:17px;padding:8px 12px;border-left:5px solid var(--muted);background:var(--panel)}
nav{font-size:14px}a{color:var(--link)}
h2{font-size:19px;margin:32px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:16px;margin:18px 0 6px}h4{font-size:14px;margin:14px 0 4px;text-transform:uppercase;letter-spacing:.03em;color:var(--muted)}
p{margin:6px 0}.small,.hint,.omitted,figcaption{color:var(--muted);font-size:13px}.omitted{font-style:italic}
.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{flex:1 1 140px;border:1px solid var(--line);border-top:4px solid var(--muted);border-radius:6px;padding:8px 12px;background:var(--panel)}
.card .n{display:block;font-size:22px;font-weight:600}.card .l{color:var(--muted);font-size:13px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px;font-weight:600;background:var(--muted);vertical-align:middle}
.badge.sev-critical{background:var(--bad)}.badge.sev-high{background:#d4572a}.badge.sev-medium{background:var(--warn)}.badge.sev-low{background:#6b7785}.badge.sev-info{background:#3d6a9e}
${verdictRules}
article.finding{border:1px solid var(--line);border-left:6px solid var(--muted);border-radius:6px;padding:6px 18px 14px;margin:14px 0;background:#fff}
article.sev-critical{border-left-color:var(--bad)}article.sev-high{border-left-color:#d4572a}article.sev-medium{border-left-color:var(--warn)}
.summary{font-size:16px;overflow-wrap:anywhere}.meta{color:var(--muted);font-size:13px}
.first-remedy{background:#fff8e1;border:1px solid #f0dca0;padding:8px 12px;border-radius:4px;overflow-wrap:anywhere}
.remedy{border-top:1px dashed var(--line);margin-top:12px}
ol.steps{padding-left:22px;margin:4px 0}ol.steps li{margin:6px 0}ol.steps p{margin:2px 0}
pre{margin:4px 0;overflow-x:auto}
pre.cmd{background:#1f2630;color:#e8edf2;padding:8px 12px;border-radius:4px;font-size:13px;white-space:pre-wrap;overflow-wrap:anywhere}
.mono,pre,code,td.flow{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace}
table{border-collapse:collapse;font-size:13px}
table.data{width:100%}
table.data th,table.data td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
table.data thead th{background:var(--panel);position:sticky;top:0;white-space:nowrap}
table.kv th{font-weight:500;color:var(--muted);text-align:left;padding:2px 16px 2px 0;overflow-wrap:anywhere}table.kv td{padding:2px 0;overflow-wrap:anywhere}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.path{overflow-wrap:anywhere}td.flow{min-width:15em;overflow-wrap:anywhere}
.scroll{overflow-x:auto}.table-box{max-height:640px;overflow-y:auto;border:1px solid var(--line);border-radius:4px}
#flow-table thead th{cursor:pointer;user-select:none}
#flow-table td{white-space:nowrap}#flow-table td.points{white-space:normal;min-width:14em}
#flow-table thead th[aria-sort=ascending]::after{content:" \\25B2"}#flow-table thead th[aria-sort=descending]::after{content:" \\25BC"}
#flow-table td.v-corrupt{color:#fff;background:${VERDICT_COLORS.corrupt}}#flow-table td.v-offload{background:#fde9a8}#flow-table td.v-retrans{background:#f4d9d6}
.controls{display:flex;flex-wrap:wrap;gap:16px;align-items:center;margin:8px 0}
.controls input[type=search]{font:inherit;padding:4px 8px;width:320px;max-width:100%;border:1px solid var(--line);border-radius:4px}
#flow-count{color:var(--muted);font-size:13px}
figure.chart{margin:16px 0;padding:8px 12px;border:1px solid var(--line);border-radius:6px}
.chart-box{position:relative;width:100%;height:280px}
details.corrupt{border:1px solid var(--line);border-radius:6px;padding:6px 12px;margin:8px 0}
details.corrupt summary{cursor:pointer;font-weight:600}
pre.hex{background:var(--panel);padding:8px 12px;border-radius:4px;font-size:12.5px;line-height:1.45}
pre.hex .off{color:var(--muted)}pre.hex mark{background:${VERDICT_COLORS.corrupt};color:#fff;border-radius:2px}
.error{color:var(--bad)}.ok{color:var(--ok)}
.trend-better,.status-resolved,.status-improved{color:var(--ok);font-weight:600}.trend-worse,.status-new,.status-worse{color:var(--bad);font-weight:600}
footer{margin-top:40px;border-top:1px solid var(--line);color:var(--muted);font-size:12px}
@media print{
  @page{margin:14mm}
  body{font-size:11pt}main{max-width:none;padding:0}
  nav,.controls,noscript{display:none}
  .table-box{max-height:none;overflow:visible;border:0}
  .scroll{overflow:visible}
  table.data thead th{position:static}
  #flow-table td{white-space:normal}
  article.finding,figure.chart,details.corrupt,.cards,tr{break-inside:avoid}
  h2,h3,h4{break-after:avoid}
  pre.cmd{background:#fff;color:#000;border:1px solid #999}
  a{color:inherit;text-decoration:none}
  .badge,.card,h1.headline,#flow-table td,pre.hex mark{print-color-adjust:exact;-webkit-print-color-adjust:exact}
}
`;
