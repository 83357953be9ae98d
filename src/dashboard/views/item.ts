import { html, type SafeHtml, safeHref } from '../../export/html.js';
import type { Evidence, Location } from '../../model/evidence.js';
import { USES } from '../../model/uses.js';
import type { Verdict } from '../../model/verdict.js';
import type { Publisher } from '../../review/db/publishers.js';
import type { Session } from '../../review/db/sessions.js';
import type { ItemView } from '../../review/itemView.js';
import { describeScope } from '../../review/scope.js';
import type { SnapshotRow } from '../../store/repos/sites.js';
import { BASE, DECIDERS } from '../http.js';
import { decisionFields, type FormValues, type ScopeDefaults, scopeFields } from './conclusionForm.js';
import { confidence, csrf, perm, status, when, yesNo } from './parts.js';

export interface ItemViewInput {
  session: Session;
  view: ItemView;
  publishers: Publisher[];
  values?: FormValues;
}

const evAnchor = (id: string) => `ev-${id}`;

function evidenceLinks(ids: readonly string[] | undefined): SafeHtml {
  if (!ids || ids.length === 0) return html`<span class="muted">—</span>`;
  return html`${ids.map((id, i) => html`${i > 0 ? ', ' : ''}<a href="#${evAnchor(id)}"><code>${id}</code></a>`)}`;
}

function usesTable(detected: Verdict, effective: Verdict): SafeHtml {
  const concluded = Boolean(effective.concluded);
  return html`<table class="uses" id="uses"><thead><tr><th scope="col">Use</th><th scope="col">Detected</th>${
    concluded ? html`<th scope="col">Effective (concluded)</th>` : ''
  }<th scope="col">Decided by</th><th scope="col">Conditions</th></tr></thead><tbody>${USES.map((u) => {
    const changed = concluded && effective.uses[u] !== detected.uses[u];
    return html`<tr${changed ? html` class="changed"` : ''}><th scope="row">${u}</th><td>${perm(detected.uses[u])}</td>${
      concluded ? html`<td>${perm(effective.uses[u])}</td>` : ''
    }<td>${evidenceLinks(detected.decidedBy[u])}</td><td>${(detected.conditions[u] ?? []).map(
      (c) => html`<div><strong>${c.kind}</strong>${c.text ? html`: ${c.text}` : ''}</div>`,
    )}</td></tr>`;
  })}</tbody></table>`;
}

function exclusion(detected: Verdict, effective: Verdict): SafeHtml {
  const line = (label: string, d: boolean, e: boolean) =>
    html`<li>${label}: ${yesNo(d, 'excluded', 'kept')}${d !== e ? html` → <strong>${yesNo(e, 'excluded', 'kept')}</strong> by the conclusion` : ''}</li>`;
  return html`<ul class="exclusion" id="exclusion">${line('Training', detected.exclude.training, effective.exclude.training)}${line(
    'Redistribution',
    detected.exclude.redistribution,
    effective.exclude.redistribution,
  )}</ul>`;
}

function conflicts(v: Verdict): SafeHtml {
  if (v.conflicts.length === 0) return html`<p class="muted">No conflicting signals.</p>`;
  return html`<ul class="conflicts" id="conflicts">${v.conflicts.map(
    (c) =>
      html`<li><strong>${c.use}</strong>: ${c.values.map(
        (x, i) =>
          html`${i > 0 ? ' vs ' : ''}${x.protocol} says ${perm(x.permission)} (${evidenceLinks(x.evidenceIds)})`,
      )} → ${perm(c.resolved)} <span class="small muted">by rule ${c.rule} (${c.code})</span></li>`,
  )}</ul>`;
}

function describeLocation(l: Location): string {
  switch (l.kind) {
    case 'header':
      return `HTTP response header ${l.name}, line ${l.line + 1}`;
    case 'element':
      return `<${l.element}${l.attribute ? ` ${l.attribute}` : ''}>${l.region ? ` in ${l.region}` : ''}, characters ${l.start}–${l.end} of the page`;
    case 'text':
      return `page text (${l.region}), characters ${l.start}–${l.end}`;
    case 'file':
      return `${l.file}${l.line ? `, line ${l.line}` : ''}${l.group?.length ? `, group User-agent: ${l.group.join(', ')}` : ''}${l.path ? `, path ${l.path}` : ''}`;
  }
}

/** The sentence in its surroundings, from what the store kept of the page text (either format). */
function textContext(view: ItemView, e: Evidence): SafeHtml | null {
  const excerpt = view.stored.fetch.textExcerpt as unknown;
  if (!excerpt || typeof excerpt !== 'object') return null;
  const contexts = (excerpt as { contexts?: unknown }).contexts;
  if (Array.isArray(contexts)) {
    const c = contexts.find((x) => (x as { evidenceId?: string }).evidenceId === e.id) as
      | { before: string; match: string; after: string }
      | undefined;
    if (c) return html`<blockquote class="context">…${c.before}<mark>${c.match}</mark>${c.after}…</blockquote>`;
  }
  if (Array.isArray(excerpt) && e.location.kind === 'text') {
    const { start, end } = e.location;
    const w = (excerpt as { start: number; text: string }[]).find(
      (x) => x.start <= start && start < x.start + x.text.length,
    );
    if (w) {
      const a = start - w.start;
      const b = Math.min(w.text.length, end - w.start);
      return html`<blockquote class="context">…${w.text.slice(0, a)}<mark>${w.text.slice(a, b)}</mark>${w.text.slice(b)}…</blockquote>`;
    }
  }
  return null;
}

function headerLine(view: ItemView, e: Evidence): SafeHtml | null {
  if (e.location.kind !== 'header') return null;
  const line = e.location.line;
  const h = view.stored.fetch.headers[line];
  if (!h) return null;
  return html`<pre class="found"><span class="ln">${line + 1}</span>${h[0]}: ${h[1]}</pre>`;
}

const FILE_KIND: Record<string, string> = {
  'robots.txt': 'robots.txt',
  'tdmrep.json': 'tdmrep.json',
  'ai.txt': 'ai.txt',
};

function fileLines(view: ItemView, e: Evidence): SafeHtml | null {
  if (e.location.kind !== 'file') return null;
  const loc = e.location;
  const snap: SnapshotRow | undefined =
    view.snapshots.find((s) => FILE_KIND[loc.file] === s.kind) ?? view.snapshots.find((s) => s.url === loc.file);
  if (!snap) return null;
  const lines = snap.body.split(/\r\n|\r|\n/);
  const info = html`<div class="small muted">${snap.url} · fetched ${when(snap.fetched_at)} · status ${snap.status} · sha256 ${snap.sha256.slice(0, 12)}…</div>`;
  if (!loc.line) return info;
  const from = Math.max(1, loc.line - 3);
  const to = Math.min(lines.length, loc.line + 2);
  const shown: SafeHtml[] = [];
  for (let n = from; n <= to; n++)
    shown.push(
      html`<span class="${n === loc.line ? 'hit' : ''}"><span class="ln">${n}</span>${lines[n - 1] ?? ''}</span>\n`,
    );
  return html`${info}<pre class="found file">${shown}</pre>`;
}

function evidenceItem(view: ItemView, e: Evidence, effective: Evidence | undefined): SafeHtml {
  const found = headerLine(view, e) ?? fileLines(view, e) ?? textContext(view, e);
  const effects = Object.entries(e.effects);
  return html`<li class="evidence" id="${evAnchor(e.id)}">
<div class="ev-head"><code>${e.id}</code> <strong>${e.signal}</strong> <span class="muted">${e.protocol} · ${e.source}</span>
 · confidence ${confidence(e.confidence)}${e.machineReadable ? html` · <span class="tag">machine-readable</span>` : ''}${
   e.reservation ? html` · <span class="tag">reservation</span>` : ''
 }${e.superseded ? html` · <span class="tag">superseded</span>` : ''}${
   effective?.concluded ? html` · <span class="tag concluded">${effective.concluded.action}</span>` : ''
 }</div>
<div class="small">${describeLocation(e.location)}${e.ruleId ? html` · rule <code>${e.ruleId}</code>` : ''}${e.stage ? html` · ${e.stage}` : ''}${
    e.agents?.length ? html` · only for ${e.agents.join(', ')}` : ''
  }</div>
<div class="effects">${effects.length ? effects.map(([u, p]) => html`<span class="eff">${u} ${perm(p)}</span> `) : html`<span class="muted">no effect on any use</span>`}</div>
${e.conditions?.length ? html`<div class="small">conditions: ${e.conditions.map((c) => `${c.kind}${c.text ? ` (${c.text})` : ''}`).join('; ')}</div>` : ''}
${e.exceptions?.length ? html`<div class="small">exceptions: ${e.exceptions.join('; ')}</div>` : ''}
${found ?? ''}
<details${found ? '' : html` open`}><summary>As found (excerpt)</summary><pre class="excerpt">${e.excerpt}</pre></details>
</li>`;
}

function conclusionsTable(input: ItemViewInput): SafeHtml {
  const { view, session } = input;
  if (view.conclusions.length === 0) return html`<p class="muted">No conclusion covers this page yet.</p>`;
  const canDecide = DECIDERS.includes(session.role);
  return html`<table class="conclusions" id="conclusions"><thead><tr><th scope="col">State</th><th scope="col">Decision</th><th scope="col">Scope</th><th scope="col">By / when</th>${
    canDecide ? html`<th scope="col"></th>` : ''
  }</tr></thead><tbody>${view.conclusions.map(
    ({ conclusion: c, state }) => html`<tr class="state-${state.replace(' ', '-')}"><td>${state}</td>
<td><strong>${c.action}</strong> · ${c.reason}${c.licenceRef ? html` · licence <code>${c.licenceRef}</code>` : ''}<div class="comment">${c.comment}</div>${
      c.permissions
        ? html`<div class="small">${Object.entries(c.permissions).map(([u, p]) => html`${u} ${perm(p)} `)}</div>`
        : ''
    }<div class="small muted"><code>${c.id}</code></div></td>
<td>${describeScope(c.scope)}</td>
<td>${c.createdBy}<br>${when(c.createdAt)}${c.expiresAt ? html`<br><span class="small">expires ${when(c.expiresAt)}</span>` : ''}${
      c.revokedAt ? html`<br><span class="small">revoked ${when(c.revokedAt)}</span>` : ''
    }</td>
${
  canDecide
    ? html`<td>${
        state === 'in force' || state === 'outranked'
          ? html`<form method="post" action="${BASE}/conclusions/${c.id}/revoke" class="revoke">${csrf(session)}<input type="hidden" name="back" value="${BASE}/items/${view.item.id}"><label class="sr-only" for="revoke-${c.id}">Why revoke</label><input type="text" id="revoke-${c.id}" name="comment" required placeholder="why revoke" maxlength="4000"><button type="submit">Revoke</button></form>`
          : ''
      }</td>`
    : ''
}</tr>`,
  )}</tbody></table>`;
}

export function scopeDefaults(url: string): ScopeDefaults {
  const u = new URL(url);
  const dir = u.pathname.slice(0, u.pathname.lastIndexOf('/') + 1) || '/';
  return { url, origin: u.origin, prefix: dir, domain: u.hostname.replace(/^www\./, '') };
}

function conclusionForm(input: ItemViewInput): SafeHtml {
  const { view, session } = input;
  return html`<form method="post" action="${BASE}/items/${view.item.id}/conclude" class="conclude card" id="conclude">
${csrf(session)}
<h2>Conclude</h2>
${scopeFields(input.values ?? {}, scopeDefaults(view.item.url), input.publishers)}
${decisionFields(input.values ?? {}, view.stored.verdict.evidence)}
<button type="submit" class="primary" id="record-conclusion">Record conclusion</button>
</form>`;
}

function urlHistory(view: ItemView): SafeHtml {
  return html`<table class="history" id="url-history"><thead><tr><th scope="col">Decided</th><th scope="col">Fetched</th><th scope="col">Body sha256</th><th scope="col">Rules</th><th scope="col">ai-train</th><th scope="col">redistribution</th><th scope="col">Excluded</th></tr></thead><tbody>${view.urlHistory.map(
    (h) =>
      html`<tr${h.id === view.item.verdict_id ? html` class="current"` : ''}><td>${when(h.decidedAt)}</td><td>${when(h.fetchedAt)}</td><td><code>${h.bodySha256.slice(0, 12)}…</code></td><td><code>${h.rulesVersion}</code></td><td>${perm(h.uses['ai-train'])}</td><td>${perm(h.uses.redistribution)}</td><td>${h.exclude.training ? 'training ' : ''}${h.exclude.redistribution ? 'redistribution' : ''}</td></tr>`,
  )}</tbody></table>`;
}

function siteHistory(view: ItemView): SafeHtml {
  if (view.siteHistory.length === 0) return html`<p class="muted">No site files stored for ${view.item.origin}.</p>`;
  const t = view.siteTimeline;
  const files = [...view.siteHistory].reverse();
  return html`<p id="site-reservation">${
    t.reservesAiTrainSince
      ? html`The site's own files restrict <strong>ai-train</strong> since ${when(t.reservesAiTrainSince)}.`
      : html`The site's own files do not restrict <strong>ai-train</strong> now.`
  }</p>
<table class="history" id="site-timeline"><caption>What the site files allowed over time</caption><thead><tr><th scope="col">From</th><th scope="col">Until</th>${USES.map(
    (u) => html`<th scope="col">${u}</th>`,
  )}</tr></thead><tbody>${t.periods
    .slice()
    .reverse()
    .map(
      (p) =>
        html`<tr><td>${when(p.from)}</td><td>${p.until ? when(p.until) : 'now'}</td>${USES.map((u) => html`<td>${perm(p.uses[u])}</td>`)}</tr>`,
    )}</tbody></table>
<table class="history" id="site-history"><caption>Files as fetched (newest first)</caption><thead><tr><th scope="col">File</th><th scope="col">Fetched</th><th scope="col">Last seen</th><th scope="col">Status</th><th scope="col">sha256</th><th scope="col">Used by this verdict</th></tr></thead><tbody>${files.map(
    (s) =>
      html`<tr><td><a href="${BASE}/snapshots/${s.id}">${s.kind === 'rsl' ? s.url : s.kind}</a></td><td>${when(s.fetched_at)}</td><td>${when(s.last_seen_at)}</td><td>${s.status}</td><td><code>${s.sha256.slice(0, 12)}…</code></td><td>${
        view.snapshots.some((x) => x.id === s.id) ? 'yes' : ''
      }</td></tr>`,
  )}</tbody></table>`;
}

/** One stored site file, line-numbered (linked from the item page). */
export function snapshotView(s: SnapshotRow): SafeHtml {
  const lines = s.body.split(/\r\n|\r|\n/);
  return html`<p class="crumbs"><a href="${BASE}/">← queue</a></p>
<h1 class="url">${s.url}</h1>
<p class="meta">${s.kind} · ${s.origin} · fetched ${when(s.fetched_at)} · last seen ${when(s.last_seen_at)} (${s.seen_count}×) · HTTP ${s.status} · ${s.size} bytes · sha256 <code>${s.sha256}</code> · ${s.source}</p>
<pre class="found file">${lines.map((l, i) => html`<span id="L${i + 1}"><span class="ln">${i + 1}</span>${l}</span>\n`)}</pre>`;
}

export function itemView(input: ItemViewInput): SafeHtml {
  const { view } = input;
  const detected = view.stored.verdict;
  const effective = view.effective;
  const href = safeHref(view.item.url);
  const effById = new Map(effective.evidence.map((e) => [e.id, e]));
  return html`<p class="crumbs"><a href="${BASE}/">← queue</a></p>
<h1 class="url" id="item-url">${view.item.url}</h1>
<p class="meta">${status(view.item.status)} · ${view.item.domain} · decided ${when(view.item.decided_at)} · fetched ${when(view.stored.fetch.fetchedAt)}${
    view.stored.fetch.status ? ` · HTTP ${view.stored.fetch.status}` : ''
  } · profile ${view.item.profile} · rules <code>${detected.rulesVersion}</code> · verdict #${view.item.verdict_id}${
    detected.language ? ` · language ${detected.language}` : ''
  }${href ? html` · <a href="${href}" rel="noopener noreferrer nofollow" target="_blank">open page ↗</a>` : ''}</p>
${view.stored.fetch.title ? html`<p class="title">Title: <q>${view.stored.fetch.title}</q></p>` : ''}
${
  effective.concluded
    ? html`<div class="concluded-banner" id="concluded-banner"><strong>${effective.concluded.action}</strong> by ${effective.concluded.by} (${effective.concluded.reason}, ${describeScope(effective.concluded.scope)}): ${effective.concluded.comment}</div>`
    : ''
}
<section><h2>Verdict per use</h2>${usesTable(detected, effective)}${exclusion(detected, effective)}</section>
<section><h2>Conflicts</h2>${conflicts(detected)}</section>
${detected.flags.length ? html`<section><h2>Flags</h2><ul>${detected.flags.map((f) => html`<li><code>${f.code}</code>${f.detail ? html` ${f.detail}` : ''}</li>`)}</ul></section>` : ''}
<section><h2>Evidence (${detected.evidence.length})</h2>${
    detected.evidence.length
      ? html`<ol class="evidence-list">${detected.evidence.map((e) => evidenceItem(view, e, effById.get(e.id)))}</ol>`
      : html`<p class="muted">No rights statement was found on this page or its site.</p>`
  }</section>
<section><h2>Conclusions covering this page</h2>${conclusionsTable(input)}</section>
${DECIDERS.includes(input.session.role) ? conclusionForm(input) : ''}
<section><h2>History of this URL</h2>${urlHistory(view)}</section>
<section><h2>Site signals of ${view.item.origin}</h2>${siteHistory(view)}</section>`;
}
