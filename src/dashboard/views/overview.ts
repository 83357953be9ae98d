import { html, jsonForScript, type SafeHtml } from '../../export/html.js';
import type { Overview } from '../../review/db/overview.js';
import { BASE } from '../http.js';
import { qs } from './parts.js';

export interface OverviewInput {
  profile: string;
  profiles: string[];
  data: Overview;
  rules: { version: string; hash: string };
}

function dataTable<T>(
  id: string,
  caption: string,
  head: string[],
  rows: T[],
  cells: (r: T) => (string | number | SafeHtml)[],
): SafeHtml {
  return html`<table class="data" id="${id}"><caption>${caption}</caption><thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${
    rows.length
      ? rows.map((r) => html`<tr>${cells(r).map((c) => html`<td>${c}</td>`)}</tr>`)
      : html`<tr><td colspan="${head.length}" class="empty">none</td></tr>`
  }</tbody></table>`;
}

/**
 * Totals, four charts (drawn by /dashboard/assets/dashboard.js with Chart.js from the JSON data block —
 * a data block is not executed, so the CSP needs no inline script) and the same figures as tables, for
 * printing, screen readers and browsers without JavaScript.
 */
export function overviewView(v: OverviewInput): SafeHtml {
  const t = v.data.totals;
  const link = (pairs: [string, string][]) => `${BASE}/${qs(pairs)}`;
  return html`<h1>Overview <small class="muted">profile ${v.profile}</small></h1>
<ul class="cards" id="totals">
<li><a href="${link([['scope', 'all']])}"><strong>${t.items.toLocaleString('en')}</strong> URLs</a></li>
<li><a href="${link([])}"><strong>${t.flagged.toLocaleString('en')}</strong> flagged</a></li>
<li><a href="${link([['status', 'open']])}"><strong>${t.open.toLocaleString('en')}</strong> to review</a></li>
<li><a href="${link([
    ['scope', 'all'],
    ['status', 'concluded'],
  ])}"><strong>${t.concluded.toLocaleString('en')}</strong> concluded</a></li>
<li><a href="${link([
    ['scope', 'all'],
    ['exclude', 'training'],
  ])}"><strong>${t.excludeTraining.toLocaleString('en')}</strong> excluded from training</a></li>
<li><a href="${link([
    ['scope', 'all'],
    ['exclude', 'redistribution'],
  ])}"><strong>${t.excludeRedistribution.toLocaleString('en')}</strong> from redistribution</a></li>
</ul>
<p>Rules in force: <code id="rules-version">${v.rules.version}</code> <span class="small muted">sha256 <code>${v.rules.hash}</code></span>. Profiles: ${v.profiles.join(', ')}.</p>
<script type="application/json" id="overview-data">${jsonForScript(v.data)}</script>
<div class="charts">
<figure><figcaption>Flagged items over time (by day decided)</figcaption><canvas id="chart-days" role="img" aria-label="Flagged items per day"></canvas></figure>
<figure><figcaption>Flagged items by signal type</figcaption><canvas id="chart-signals" role="img" aria-label="Flagged items by signal type"></canvas></figure>
<figure><figcaption>Flagged items by language</figcaption><canvas id="chart-languages" role="img" aria-label="Flagged items by language"></canvas></figure>
<figure><figcaption>Top domains (flagged)</figcaption><canvas id="chart-domains" role="img" aria-label="Top domains by flagged items"></canvas></figure>
</div>
<details class="tables"><summary>The figures as tables</summary>
${dataTable('table-days', 'Flagged by day', ['Day', 'Flagged', 'To review'], v.data.flaggedByDay, (r) => [r.day, r.flagged, r.open])}
${dataTable('table-signals', 'Flagged by signal type', ['Signal', 'Items'], v.data.flaggedBySignal, (r) => [
  html`<a href="${link([['signal', r.signal]])}">${r.signal}</a>`,
  r.items,
])}
${dataTable('table-languages', 'Flagged by language', ['Language', 'Items'], v.data.flaggedByLanguage, (r) => [r.language, r.items])}
${dataTable('table-domains', 'Top domains', ['Domain', 'Flagged', 'To review'], v.data.topDomains, (r) => [
  html`<a href="${link([['domain', r.domain]])}">${r.domain}</a>`,
  r.flagged,
  r.open,
])}
${dataTable('table-status', 'Flagged by review status', ['Status', 'Items'], v.data.byStatus, (r) => [r.status, r.items])}
</details>`;
}
