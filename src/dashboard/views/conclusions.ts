import { html, type SafeHtml } from '../../export/html.js';
import type { Conclusion } from '../../model/conclusion.js';
import type { Publisher } from '../../review/db/publishers.js';
import type { Session } from '../../review/db/sessions.js';
import { describeScope, isActive } from '../../review/scope.js';
import { BASE, DECIDERS } from '../http.js';
import { csrf, field, perm, qs, select, when } from './parts.js';

export interface ConclusionRowView {
  conclusion: Conclusion;
  revokedBy: string | null;
  revokeComment: string | null;
  bulkId: string | null;
}

export function conclusionsView(v: {
  session: Session;
  rows: ConclusionRowView[];
  state: string;
  domain: string | undefined;
  next: string | null;
}): SafeHtml {
  const canDecide = DECIDERS.includes(v.session.role);
  const now = new Date();
  const base: [string, string][] = [['state', v.state]];
  if (v.domain) base.push(['domain', v.domain]);
  return html`<h1>Conclusions</h1>
<form method="get" action="${BASE}/conclusions" class="filters">
${field('State', 'state', select('state', ['all', 'active', 'revoked', 'expired'], v.state))}
${field('Domain', 'domain', html`<input type="text" id="domain" name="domain" value="${v.domain ?? ''}">`)}
<div class="buttons"><button type="submit" class="primary">Apply</button></div></form>
<table class="conclusions" id="conclusion-list"><thead><tr><th scope="col">Made</th><th scope="col">Decision</th><th scope="col">Scope</th><th scope="col">State</th>${
    canDecide ? html`<th scope="col"></th>` : ''
  }</tr></thead><tbody>${
    v.rows.length === 0
      ? html`<tr><td colspan="5" class="empty">none</td></tr>`
      : v.rows.map(({ conclusion: c, revokedBy, revokeComment, bulkId }) => {
          const active = isActive(c, now);
          return html`<tr><td>${when(c.createdAt)}<br>${c.createdBy}</td>
<td><strong>${c.action}</strong> · ${c.reason}${c.licenceRef ? html` · licence <code>${c.licenceRef}</code>` : ''}<div class="comment">${c.comment}</div>${
            c.permissions
              ? html`<div class="small">${Object.entries(c.permissions).map(([u, p]) => html`${u} ${perm(p)} `)}</div>`
              : ''
          }<div class="small muted"><code>${c.id}</code>${bulkId ? html` · bulk <code>${bulkId}</code>` : ''}</div></td>
<td>${describeScope(c.scope)}</td>
<td>${
            c.revokedAt
              ? html`revoked ${when(c.revokedAt)} by ${revokedBy ?? '?'}<div class="comment">${revokeComment ?? ''}</div>`
              : active
                ? html`active${c.expiresAt ? html`, expires ${when(c.expiresAt)}` : ''}`
                : html`expired ${when(c.expiresAt)}`
          }</td>
${
  canDecide
    ? html`<td>${
        active
          ? html`<form method="post" action="${BASE}/conclusions/${c.id}/revoke" class="revoke">${csrf(v.session)}<input type="hidden" name="back" value="${BASE}/conclusions"><label class="sr-only" for="revoke-${c.id}">Why revoke</label><input type="text" id="revoke-${c.id}" name="comment" required placeholder="why revoke" maxlength="4000"><button type="submit">Revoke</button></form>`
          : ''
      }</td>`
    : ''
}</tr>`;
        })
  }</tbody></table>
<nav class="pager">${v.next ? html`<a href="${BASE}/conclusions${qs([...base, ['before', v.next]])}">older »</a>` : html`<span class="muted">end of list</span>`}</nav>`;
}

export function publishersView(v: { session: Session; publishers: Publisher[] }): SafeHtml {
  const canDecide = DECIDERS.includes(v.session.role);
  return html`<h1>Publishers</h1>
<p>A publisher is a named group of domains: conclusions can cover all of them at once, and the queue can be filtered by them.
A conclusion keeps the domains the publisher had when it was made.</p>
<table class="publishers" id="publisher-list"><thead><tr><th scope="col">Name</th><th scope="col">Domains</th><th scope="col">Last changed</th></tr></thead><tbody>${
    v.publishers.length === 0
      ? html`<tr><td colspan="3" class="empty">none yet</td></tr>`
      : v.publishers.map(
          (p) =>
            html`<tr><td><a href="${BASE}/${qs([
              ['publisher', p.name],
              ['scope', 'all'],
            ])}">${p.name}</a></td><td>${p.domains.join(', ')}</td><td>${when(p.updatedAt)} by ${p.updatedBy}</td></tr>`,
        )
  }</tbody></table>
${
  canDecide
    ? html`<form method="post" action="${BASE}/publishers" class="card" id="publisher-form">${csrf(v.session)}
<h2>Define or change a publisher</h2>
${field('Name', 'pub-name', html`<input type="text" id="pub-name" name="name" required maxlength="200">`)}
${field('Domains', 'pub-domains', html`<textarea id="pub-domains" name="domains" rows="3" required placeholder="example.com example.org"></textarea>`, 'Separated by spaces, commas or lines; sub-domains are included.')}
<button type="submit" class="primary">Save</button></form>`
    : ''
}`;
}
