import type { AuditVerifyResult } from '../../audit/verifyLog.js';
import { html, type SafeHtml } from '../../export/html.js';
import type { AuditRow } from '../../store/repos/audit.js';
import { BASE } from '../http.js';
import { qs, when } from './parts.js';

export function auditView(v: {
  result: AuditVerifyResult;
  entries: AuditRow[];
  after: number;
  next: number | null;
}): SafeHtml {
  const r = v.result;
  return html`<h1>Audit log</h1>
${
  r.ok
    ? html`<div class="flash flash-ok" id="audit-status">The hash chain holds: ${r.entries.toLocaleString('en')} entries. Head <code>${r.head ?? '(empty)'}</code> — note it down to check later (<code>npx clearance audit verify --anchor HASH</code>).</div>`
    : html`<div class="flash flash-error" id="audit-status" role="alert">The audit log is BROKEN at ${r.problem && r.problem.id > 0 ? `entry #${r.problem.id}` : 'the records'}: ${r.problem?.reason ?? ''}</div>`
}
<table class="audit" id="audit-entries"><thead><tr><th scope="col">#</th><th scope="col">When</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Subject</th><th scope="col">Details</th><th scope="col">Hash</th></tr></thead><tbody>${v.entries.map(
    (e) =>
      html`<tr><td>${e.id}</td><td>${when(e.at)}</td><td>${e.actor}</td><td><code>${e.action}</code></td><td>${e.subject}</td><td><details><summary>details</summary><pre class="json">${JSON.stringify(
        JSON.parse(e.details_json),
        null,
        2,
      )}</pre></details></td><td><code title="${e.hash}">${e.hash.slice(0, 10)}…</code></td></tr>`,
  )}</tbody></table>
<nav class="pager">${v.after > 0 ? html`<a href="${BASE}/audit">« first entries</a>` : ''} ${
    v.next !== null
      ? html`<a href="${BASE}/audit${qs([['after', String(v.next)]])}">later entries »</a>`
      : html`<span class="muted">end of log</span>`
  }</nav>`;
}
