import { html, type SafeHtml } from '../../export/html.js';
import { CONCLUSION_ACTIONS, CONCLUSION_REASONS } from '../../model/conclusion.js';
import type { Evidence } from '../../model/evidence.js';
import { USES } from '../../model/uses.js';
import type { Publisher } from '../../review/db/publishers.js';
import { field, select } from './parts.js';

/** What the reviewer typed, to fill the form again after a refused submission. */
export type FormValues = Record<string, string | string[] | undefined>;

const ACTION_HELP: Record<string, string> = {
  confirm: 'the detection is right; keep it',
  override: 'set other permissions for some uses',
  'false-positive': 'the flagged statement does not say that (choose which evidence)',
  'licence-acquired': 'a licence or contract covers the use (give its reference)',
};

function one(v: FormValues, name: string): string | undefined {
  const x = v[name];
  return Array.isArray(x) ? x[0] : x;
}

function all(v: FormValues, name: string): string[] {
  const x = v[name];
  return x === undefined ? [] : Array.isArray(x) ? x : [x];
}

/** The decision part, shared by the item page and bulk actions: action, reason, comment, permissions, licence, expiry. */
export function decisionFields(values: FormValues, evidence: readonly Evidence[] = []): SafeHtml {
  const action = one(values, 'action') ?? 'confirm';
  const chosen = new Set(all(values, 'evidenceIds'));
  return html`<fieldset class="actions"><legend>Decision</legend>
${CONCLUSION_ACTIONS.map(
  (a) =>
    html`<label class="radio"><input type="radio" name="action" value="${a}"${a === action ? html` checked` : ''} required> <strong>${a}</strong> <small>${ACTION_HELP[a]}</small></label>`,
)}
</fieldset>
${field('Reason', 'reason', select('reason', CONCLUSION_REASONS, one(values, 'reason'), { empty: 'choose a reason…', required: true }))}
${field(
  'Comment (required)',
  'comment',
  html`<textarea id="comment" name="comment" rows="3" required maxlength="4000">${one(values, 'comment') ?? ''}</textarea>`,
  'Why — what you checked, who you asked. Auditors read this.',
)}
<fieldset class="perms" data-show-for="override licence-acquired"><legend>Permissions to set (override, licence)</legend>
<div class="grid">${USES.map((u) =>
    field(
      u,
      `perm-${u}`,
      select(`perm_${u}`, ['allowed', 'conditional', 'denied'], one(values, `perm_${u}`), {
        id: `perm-${u}`,
        empty: 'unchanged',
      }),
    ),
  )}</div>
<small>For a licence, leave all unchanged to allow every use the page restricts.</small>
</fieldset>
${field('Licence / contract reference', 'licenceRef', html`<input type="text" id="licenceRef" name="licenceRef" maxlength="500" value="${one(values, 'licenceRef') ?? ''}">`, 'Required for "licence-acquired".')}
${
  evidence.length > 0
    ? html`<fieldset class="evidence-pick" data-show-for="false-positive confirm"><legend>Evidence concerned (false positive: none ticked = every text notice)</legend>${evidence.map(
        (e) =>
          html`<label class="check"><input type="checkbox" name="evidenceIds" value="${e.id}"${chosen.has(e.id) ? html` checked` : ''}> <code>${e.id}</code> ${e.signal}</label>`,
      )}</fieldset>`
    : ''
}
${field('Expires (optional)', 'expiresAt', html`<input type="date" id="expiresAt" name="expiresAt" value="${one(values, 'expiresAt') ?? ''}">`, 'The conclusion stops applying at the end of that day (UTC).')}`;
}

export interface ScopeDefaults {
  url: string;
  origin: string;
  prefix: string;
  domain: string;
}

/** Scope choice for a conclusion made from an item: this page, a path prefix, the domain, a publisher. */
export function scopeFields(values: FormValues, d: ScopeDefaults, publishers: readonly Publisher[]): SafeHtml {
  const scope = one(values, 'scope') ?? 'page';
  const radio = (v: string, label: SafeHtml) =>
    html`<label class="radio"><input type="radio" name="scope" value="${v}"${v === scope ? html` checked` : ''}> ${label}</label>`;
  return html`<fieldset class="scope"><legend>Scope: where the decision applies (narrower wins)</legend>
${radio('page', html`<strong>this page</strong> <code class="url">${d.url}</code>`)}
${radio('path', html`<strong>path prefix</strong> <code>${d.origin}</code><input type="text" name="scope_prefix" aria-label="path prefix" value="${one(values, 'scope_prefix') ?? d.prefix}" maxlength="2048">`)}
${radio('domain', html`<strong>domain</strong> (and its sub-domains) <input type="text" name="scope_domain" aria-label="domain" value="${one(values, 'scope_domain') ?? d.domain}" maxlength="253">`)}
${radio(
  'publisher',
  html`<strong>publisher</strong> ${select(
    'scope_publisher',
    publishers.map((p) => ({ value: p.name, label: `${p.name} (${p.domains.length} domains)` })),
    one(values, 'scope_publisher'),
    { id: 'scope-publisher', empty: publishers.length ? 'choose…' : 'none defined yet' },
  )} <small>groups are defined under Publishers</small>`,
)}
</fieldset>`;
}
