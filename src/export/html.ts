/**
 * HTML output with escaping by default. Hand-written (about 40 lines) rather than a template engine:
 * none is installed, and this tagged template makes the safe path the only easy one — every interpolated
 * value is escaped unless it is itself the result of `html\`...\`` (or an explicit `trusted()` constant),
 * so a crawled string can never become markup. Templates always quote attributes (`href="${x}"`), and
 * URLs from pages go through `safeHref`, which only lets http(s) through.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

type Renderable = SafeHtml | string | number | boolean | null | undefined | readonly Renderable[];

function render(v: Renderable): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Renderable[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Marks a constant written in this code base as markup. Never pass data from a page or a request. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** The URL if it is an absolute http(s) URL (safe in an href), else null (`javascript:`, `data:`...). */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

/**
 * JSON to embed in `<script type="application/json">` (a data block, which CSP does not execute):
 * `<`, `>`, `&` and the JS line separators are escaped so no string inside can close the element.
 */
export function jsonForScript(value: unknown): SafeHtml {
  return new SafeHtml(
    JSON.stringify(value)
      .replace(/</g, '\\u003c')
      .replace(/>/g, '\\u003e')
      .replace(/&/g, '\\u0026')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029'),
  );
}
