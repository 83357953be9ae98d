import { html, type SafeHtml } from '../../export/html.js';
import { SIGNALS } from '../../model/evidence.js';
import { PERMISSIONS, USES } from '../../model/uses.js';
import type { Publisher } from '../../review/db/publishers.js';
import type { QueueCounts, ReviewItemRow } from '../../review/db/queue.js';
import type { Session } from '../../review/db/sessions.js';
import { priorityReasons } from '../../review/priority.js';
import {
  EXCLUSION_FILTERS,
  filterParams,
  QUEUE_SORTS,
  type QueueQuery,
  REVIEW_STATUSES,
} from '../../review/queueFilter.js';
import { BASE, DECIDERS, EXPORTERS } from '../http.js';
import { decisionFields, type FormValues } from './conclusionForm.js';
import { confidence, csrf, field, perm, qs, select, status, when } from './parts.js';

export interface QueueViewInput {
  session: Session;
  query: QueueQuery;
  defaults: { profile: string };
  profiles: string[];
  items: ReviewItemRow[];
  next: string | null;
  counts: QueueCounts;
  publishers: Publisher[];
  bulkValues?: FormValues;
}

const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : '');

function filterForm(v: QueueViewInput): SafeHtml {
  const f = v.query.filter;
  return html`<form method="get" action="${BASE}/" class="filters" id="filters" aria-label="Filter the queue">
${field(
  'Items',
  'scope',
  select(
    'scope',
    [
      { value: 'flagged', label: 'flagged' },
      { value: 'all', label: 'all' },
    ],
    f.scope,
  ),
)}
${field('Use', 'use', select('use', USES, f.use, { empty: 'any' }))}
${field('Outcome', 'outcome', select('outcome', PERMISSIONS, f.outcome, { empty: 'any' }))}
${field('Excluded from', 'exclude', select('exclude', EXCLUSION_FILTERS, f.exclude, { empty: 'any' }))}
${field('Signal', 'signal', select('signal', SIGNALS, f.signal, { empty: 'any' }))}
${field('Language', 'language', html`<input type="text" id="language" name="language" value="${f.language ?? ''}" size="4" maxlength="4" placeholder="en">`)}
${field('Domain', 'domain', html`<input type="text" id="domain" name="domain" value="${f.domain ?? ''}" placeholder="example.com">`)}
${field(
  'Publisher',
  'publisher',
  select(
    'publisher',
    v.publishers.map((p) => p.name),
    f.publisher,
    { empty: 'any' },
  ),
)}
${field(
  'Confidence',
  'confidence',
  select(
    'confidence',
    [
      { value: '0.6', label: 'low (< 0.6)' },
      { value: '0.8', label: '< 0.8' },
    ],
    f.confidenceBelow === undefined ? undefined : String(f.confidenceBelow),
    { empty: 'any' },
  ),
)}
${field(
  'Conflicts',
  'conflicts',
  select(
    'conflicts',
    [
      { value: '1', label: 'with conflicts' },
      { value: '0', label: 'without' },
    ],
    f.conflicts === undefined ? undefined : f.conflicts ? '1' : '0',
    { empty: 'any' },
  ),
)}
${field('Review status', 'status', select('status', REVIEW_STATUSES, f.status, { empty: 'any' }))}
${field('Decided from', 'from', html`<input type="date" id="from" name="from" value="${day(f.from)}">`)}
${field('to', 'to', html`<input type="date" id="to" name="to" value="${day(f.to)}">`)}
${v.profiles.length > 1 ? field('Profile', 'profile', select('profile', v.profiles, f.profile)) : ''}
${field('Sort', 'sort', select('sort', QUEUE_SORTS, v.query.sort))}
${field('Per page', 'limit', select('limit', ['25', '50', '100', '200'], String(v.query.limit)))}
<div class="buttons"><button type="submit" class="primary" id="apply-filters">Apply</button> <a href="${BASE}/">Reset</a></div>
</form>`;
}

function countsBar(c: QueueCounts): SafeHtml {
  return html`<p class="counts" id="counts" aria-live="polite">
<strong id="count-total">${c.total.toLocaleString('en')}</strong> matching ·
<span id="count-open">${c.open.toLocaleString('en')}</span> to review ·
<span id="count-concluded">${c.concluded.toLocaleString('en')}</span> concluded ·
${c.excludeTraining.toLocaleString('en')} excluded from training ·
${c.excludeRedistribution.toLocaleString('en')} from redistribution ·
${c.conflicts.toLocaleString('en')} with conflicts ·
${c.lowConfidence.toLocaleString('en')} low confidence</p>`;
}

function exportLinks(v: QueueViewInput): SafeHtml {
  const f = v.query.filter;
  const report: [string, string][] = [];
  if (f.profile !== v.defaults.profile) report.push(['profile', f.profile]);
  if (f.from) report.push(['from', f.from]);
  if (f.to) report.push(['to', f.to]);
  if (f.domain) report.push(['domain', f.domain]);
  if (f.use) report.push(['use', f.use]);
  if (f.outcome) report.push(['outcome', f.outcome]);
  if (f.exclude) report.push(['exclude', f.exclude]);
  if (f.scope === 'flagged') report.push(['flagged', 'true']);
  const excl = report.filter(([k]) => ['profile', 'from', 'to', 'domain'].includes(k));
  return html`<details class="exports"><summary>Export</summary>
<p class="small">Uses this filter's items (flagged or all), dates, domain, use, outcome and exclusion. Each export is recorded in the audit log.</p>
<ul>
<li>Audit report: <a id="export-report-csv" href="${BASE}/export/report.csv${qs(report)}">CSV</a> · <a href="${BASE}/export/report.json${qs(report)}">JSON</a> · <a href="${BASE}/export/report.html${qs(report)}">HTML (printable)</a></li>
<li>Exclusion list, training: <a href="${BASE}/export/exclusions-ai-train.jsonl${qs(excl)}">JSONL</a> · <a href="${BASE}/export/exclusions-ai-train.csv${qs(excl)}">CSV</a></li>
<li>Exclusion list, redistribution: <a href="${BASE}/export/exclusions-redistribution.jsonl${qs(excl)}">JSONL</a> · <a href="${BASE}/export/exclusions-redistribution.csv${qs(excl)}">CSV</a></li>
</ul></details>`;
}

function row(r: ReviewItemRow, selectable: boolean): SafeHtml {
  const why = priorityReasons({
    open: r.status === 'open',
    hasConflicts: r.has_conflicts === 1,
    minConfidence: r.min_confidence,
    excludeTraining: r.det_exclude_training === 1,
    excludeRedistribution: r.det_exclude_redistribution === 1,
  });
  return html`<tr data-item="${r.id}">
${selectable ? html`<td><input type="checkbox" name="item" value="${r.id}" form="bulk" aria-label="select item ${r.id}"></td>` : ''}
<td class="why">${why.length ? why.join(', ') : html`<span class="muted">—</span>`}</td>
<td class="url"><a href="${BASE}/items/${r.id}">${r.url}</a><div class="small muted">${r.domain}</div></td>
<td>${r.language ?? html`<span class="muted">—</span>`}</td>
<td>${perm(r.use_ai_train)}</td>
<td>${perm(r.use_redistribution)}</td>
<td>${r.exclude_training ? 'training ' : ''}${r.exclude_redistribution ? 'redistribution' : ''}${!r.exclude_training && !r.exclude_redistribution ? html`<span class="muted">no</span>` : ''}</td>
<td>${confidence(r.min_confidence)}</td>
<td>${status(r.status)}</td>
<td>${when(r.decided_at)}</td>
</tr>`;
}

function bulkForm(v: QueueViewInput): SafeHtml {
  const hidden = filterParams(v.query.filter, v.defaults).map(
    ([k, val]) => html`<input type="hidden" name="f_${k}" value="${val}">`,
  );
  return html`<details class="bulk card" id="bulk-panel"><summary>Bulk action on a selection</summary>
<form method="post" action="${BASE}/bulk" id="bulk">
${csrf(v.session)}${hidden}
<fieldset><legend>Apply to</legend>
<label class="radio"><input type="radio" name="selection" value="selected" checked> the items ticked in the table</label>
<label class="radio"><input type="radio" name="selection" value="all"> every item matching the filter (${v.counts.total.toLocaleString('en')}; at most 5,000)</label>
</fieldset>
<p class="small">Each item gets its own page-scope conclusion (visible, revocable and audited one by one).</p>
${decisionFields(v.bulkValues ?? {})}
<button type="submit" class="primary">Record conclusions</button>
</form></details>`;
}

export function queueView(v: QueueViewInput): SafeHtml {
  const canDecide = DECIDERS.includes(v.session.role);
  const params = filterParams(v.query.filter, v.defaults);
  if (v.query.sort !== 'priority') params.push(['sort', v.query.sort]);
  if (v.query.limit !== 50) params.push(['limit', String(v.query.limit)]);
  return html`<h1>Review queue</h1>
${filterForm(v)}
${countsBar(v.counts)}
<div class="toolbar">${canDecide ? html`<label class="check"><input type="checkbox" id="select-all" form="bulk"> select all on this page</label>` : ''}
${EXPORTERS.includes(v.session.role) ? exportLinks(v) : ''}</div>
<table class="queue" id="queue">
<thead><tr>${canDecide ? html`<th scope="col"><span class="sr-only">select</span></th>` : ''}<th scope="col">Why</th><th scope="col">URL</th><th scope="col">Lang.</th><th scope="col">ai-train</th><th scope="col">redistribution</th><th scope="col">Excluded from</th><th scope="col">Conf.</th><th scope="col">Status</th><th scope="col">Decided</th></tr></thead>
<tbody>${v.items.length ? v.items.map((r) => row(r, canDecide)) : html`<tr><td colspan="10" class="empty">Nothing matches this filter.</td></tr>`}</tbody>
</table>
<nav class="pager" aria-label="Pages">
${v.query.cursor ? html`<a href="${BASE}/${qs(params)}">« first page</a>` : ''}
${v.next ? html`<a id="next-page" href="${BASE}/${qs([...params, ['cursor', v.next]])}">next page »</a>` : html`<span class="muted">end of list</span>`}
</nav>
${canDecide ? bulkForm(v) : ''}`;
}
