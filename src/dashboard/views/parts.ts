import { html, type SafeHtml } from '../../export/html.js';
import type { Session } from '../../review/db/sessions.js';

/** Small view pieces shared by the dashboard pages. Everything is built with the escaping `html` tag. */

export function perm(p: string): SafeHtml {
  return html`<span class="perm perm-${p}">${p}</span>`;
}

export function status(s: string): SafeHtml {
  return html`<span class="status status-${s}">${s === 'open' ? 'to review' : s}</span>`;
}

export function yesNo(v: boolean, yes = 'yes', no = 'no'): SafeHtml {
  return html`<span class="${v ? 'yes' : 'no'}">${v ? yes : no}</span>`;
}

/** ISO timestamp shown as `2026-11-28 10:00 UTC`, machine-readable in `datetime`. */
export function when(iso: string | null | undefined): SafeHtml {
  if (!iso) return html`<span class="muted">—</span>`;
  const shown = iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
  return html`<time datetime="${iso}">${shown}</time>`;
}

export function confidence(c: number | null): SafeHtml {
  if (c === null) return html`<span class="muted">—</span>`;
  return html`<span class="${c < 0.6 ? 'conf-low' : 'conf'}">${c.toFixed(2)}</span>`;
}

export function csrf(session: Session): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${session.csrfToken}">`;
}

export interface Option {
  value: string;
  label?: string;
}

export function select(
  name: string,
  options: readonly (string | Option)[],
  selected: string | undefined,
  attrs: { id?: string; empty?: string; required?: boolean } = {},
): SafeHtml {
  const opts = options.map((o) => (typeof o === 'string' ? { value: o, label: o } : o));
  return html`<select name="${name}" id="${attrs.id ?? name}"${attrs.required ? html` required` : ''}>${
    attrs.empty !== undefined ? html`<option value="">${attrs.empty}</option>` : ''
  }${opts.map(
    (o) =>
      html`<option value="${o.value}"${o.value === selected ? html` selected` : ''}>${o.label ?? o.value}</option>`,
  )}</select>`;
}

export function field(label: string, id: string, control: SafeHtml, hint?: string): SafeHtml {
  return html`<div class="field"><label for="${id}">${label}</label>${control}${hint ? html`<small>${hint}</small>` : ''}</div>`;
}

/** A query string from pairs (for links that keep the current filter). */
export function qs(pairs: readonly [string, string][]): string {
  const p = new URLSearchParams([...pairs]);
  const s = p.toString();
  return s ? `?${s}` : '';
}
