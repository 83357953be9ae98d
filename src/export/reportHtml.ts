import { createHash } from 'node:crypto';
import { USES } from '../model/uses.js';
import { describeScope } from '../review/scope.js';
import { html, type SafeHtml, safeHref, trusted } from './html.js';
import type { ReportHeader, ReportItem } from './report.js';

/**
 * The audit report as one self-contained HTML file (no scripts, no external resources, styles inline)
 * that prints well: A4 landscape, table headers repeated on every page, rows never split. Every string
 * from the database (URLs, excerpts, comments) goes through the escaping `html` template.
 */
export const REPORT_STYLE = `
:root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111; }
body { margin: 1.5rem; font-size: 13px; }
h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
h2 { font-size: 1.1rem; margin: 1.2rem 0 .4rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: 3px 5px; vertical-align: top; text-align: left; }
th { background: #eee; }
table.items { table-layout: fixed; }
table.items col.n { width: 3%; } table.items col.url { width: 24%; } table.items col.uses { width: 18%; }
table.items col.excl { width: 8%; } table.items col.ev { width: 25%; } table.items col.concl { width: 22%; }
.url, .mono { font-family: ui-monospace, Menlo, Consolas, monospace; word-break: break-all; font-size: .92em; }
.small { color: #444; font-size: .88em; }
.denied { color: #a00; font-weight: 600; } .conditional { color: #a60; } .allowed { color: #070; } .unknown { color: #666; }
.changed { background: #fff3c4; }
ul { margin: 0; padding-left: 1.1em; }
.excerpt { color: #333; font-style: italic; overflow-wrap: anywhere; }
td { overflow-wrap: anywhere; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; font-size: 9pt; }
  thead { display: table-header-group; }
  tr, li { page-break-inside: avoid; break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;

/** CSP source for the inline style, so the report can be served with `style-src 'sha256-…'` and nothing else. */
export const REPORT_STYLE_CSP = `'sha256-${createHash('sha256').update(REPORT_STYLE).digest('base64')}'`;

const EXCERPT_SHOWN = 240;

function perm(p: string): SafeHtml {
  return html`<span class="${p}">${p}</span>`;
}

function uses(item: ReportItem): SafeHtml {
  return html`<ul>${USES.map((u) => {
    const eff = item.effective.uses[u];
    const det = item.detected.uses[u];
    return eff === det
      ? html`<li>${u}: ${perm(eff)}</li>`
      : html`<li class="changed">${u}: ${perm(det)} → ${perm(eff)}</li>`;
  })}</ul>`;
}

function exclusion(item: ReportItem): SafeHtml {
  const row = (label: string, eff: boolean, det: boolean) =>
    eff === det
      ? html`<li>${label}: ${eff ? 'yes' : 'no'}</li>`
      : html`<li class="changed">${label}: ${det ? 'yes' : 'no'} → ${eff ? 'yes' : 'no'}</li>`;
  return html`<ul>${row('training', item.effective.exclude.training, item.detected.exclude.training)}${row(
    'redistribution',
    item.effective.exclude.redistribution,
    item.detected.exclude.redistribution,
  )}</ul>`;
}

function evidence(item: ReportItem): SafeHtml {
  if (item.evidence.length === 0) return html`<span class="small">no rights statement found</span>`;
  return html`<ul>${item.evidence.map(
    (e) =>
      html`<li>${e.decisive ? html`<strong>${e.signal}</strong>` : e.signal} <span class="mono small">${e.id}</span>
        <span class="small">conf. ${e.confidence.toFixed(2)}${e.machine_readable ? ', machine-readable' : ''}</span>
        <div class="excerpt">${e.excerpt.length > EXCERPT_SHOWN ? `${e.excerpt.slice(0, EXCERPT_SHOWN)}…` : e.excerpt}</div></li>`,
  )}</ul>${item.conflicts.length > 0 ? html`<div class="small">conflicts: ${item.conflicts.map((c) => `${c.use} ${c.code} → ${c.resolved}`).join('; ')}</div>` : ''}`;
}

function conclusion(item: ReportItem): SafeHtml {
  const c = item.conclusion;
  if (!c) return html`<span class="small">not reviewed</span>`;
  return html`<strong>${c.action}</strong> (${c.reason})<br>${c.comment}
    <div class="small">${describeScope(c.scope)}<br>by ${c.by}, ${c.at}${c.expires_at ? html`<br>expires ${c.expires_at}` : ''}${
      c.licence_ref ? html`<br>licence ${c.licence_ref}` : ''
    }</div><div class="mono small">${c.id}</div>`;
}

function urlCell(item: ReportItem): SafeHtml {
  const href = safeHref(item.url);
  return html`<div class="url">${href ? html`<a href="${href}" rel="noreferrer noopener">${item.url}</a>` : item.url}</div>
    <div class="small">decided ${item.decided_at} · verdict #${item.verdict_id} · rules ${item.rules_version}${
      item.language ? ` · ${item.language}` : ''
    }</div>`;
}

const ITEMS_HEAD = html`<table class="items"><colgroup><col class="n"><col class="url"><col class="uses"><col class="excl"><col class="ev"><col class="concl"></colgroup>
<thead><tr><th>#</th><th>URL</th><th>Uses (effective)</th><th>Excluded</th><th>Evidence</th><th>Conclusion</th></tr></thead><tbody>`;

export function reportHtmlHead(h: ReportHeader): string {
  const f = h.filters;
  const counts = h.counts;
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>clearance audit report — ${h.profile} — ${h.generated_at}</title>
<style>${trusted(REPORT_STYLE)}</style></head><body>
<h1>clearance audit report</h1>
<table class="meta"><tbody>
<tr><th>Tool</th><td>clearance ${h.tool.version}</td><th>Generated</th><td>${h.generated_at}</td></tr>
<tr><th>Rules version</th><td class="mono">${h.rules.version}</td><th>Rules hash</th><td class="mono">${h.rules.hash}</td></tr>
<tr><th>Profile</th><td>${h.profile}</td><th>Range</th><td>${h.range.from ?? 'beginning'} — ${h.range.to}</td></tr>
<tr><th>Filters</th><td colspan="3">domain ${f.domain ?? 'any'} · use ${f.use ?? 'any'} · outcome ${f.outcome ?? 'any'} · excluded ${
    f.exclude ?? 'any'
  } · ${f.flagged_only ? 'flagged only' : 'all items'}</td></tr>
</tbody></table>
<h2>Counts</h2>
<table class="counts"><tbody>
<tr><th>Items</th><td>${counts.items}</td><th>Excluded from training</th><td>${counts.exclude_training}</td><th>Excluded from redistribution</th><td>${counts.exclude_redistribution}</td></tr>
<tr><th>Flagged for review</th><td>${counts.flagged}</td><th>With conflicts</th><td>${counts.conflicts}</td><th>Decided by a person</th><td>${counts.concluded}${
    Object.keys(counts.by_action).length > 0
      ? ` (${Object.entries(counts.by_action)
          .map(([a, n]) => `${a} ${n}`)
          .join(', ')})`
      : ''
  }; exclusion changed for ${counts.changed_by_conclusion}</td></tr>
</tbody></table>
<h2>Items</h2>
`.value;
}

export function reportHtmlRow(item: ReportItem, n: number): string {
  return html`<tr><td>${n}</td><td>${urlCell(item)}</td><td>${uses(item)}</td><td>${exclusion(item)}</td><td>${evidence(
    item,
  )}</td><td>${conclusion(item)}</td></tr>
`.value;
}

/** Rows per table: browsers lay out a fixed table per block, so 100,000 rows stay printable. */
const ROWS_PER_TABLE = 1000;

export async function* reportHtml(header: ReportHeader, items: AsyncIterable<ReportItem>): AsyncGenerator<string> {
  yield reportHtmlHead(header);
  let n = 0;
  for await (const item of items) {
    if (n % ROWS_PER_TABLE === 0) yield `${n > 0 ? '</tbody></table>\n' : ''}${ITEMS_HEAD.value}`;
    n++;
    yield reportHtmlRow(item, n);
  }
  if (n > 0) yield '</tbody></table>\n';
  else yield html`<p>No item matches.</p>`.value;
  yield html`<p class="small">End of report: ${n} items.</p></body></html>\n`.value;
}
