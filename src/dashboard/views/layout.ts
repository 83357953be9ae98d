import { html, type SafeHtml } from '../../export/html.js';
import type { Session } from '../../review/db/sessions.js';
import { BASE, DECIDERS, EXPORTERS } from '../http.js';
import { csrf } from './parts.js';

export type Section = 'queue' | 'overview' | 'conclusions' | 'publishers' | 'audit';

export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

export interface PageInput {
  title: string;
  session: Session | null;
  section?: Section;
  rules: { version: string; hash: string };
  body: SafeHtml;
  flash?: Flash | null;
}

function nav(session: Session, section: Section | undefined): SafeHtml {
  const links: [Section, string, string, boolean][] = [
    ['queue', 'Queue', `${BASE}/`, true],
    ['overview', 'Overview', `${BASE}/overview`, true],
    ['conclusions', 'Conclusions', `${BASE}/conclusions`, true],
    ['publishers', 'Publishers', `${BASE}/publishers`, true],
    ['audit', 'Audit log', `${BASE}/audit`, EXPORTERS.includes(session.role)],
  ];
  return html`<nav aria-label="Sections"><ul>${links
    .filter(([, , , shown]) => shown)
    .map(
      ([id, label, href]) =>
        html`<li><a href="${href}"${id === section ? html` aria-current="page"` : ''}>${label}</a></li>`,
    )}</ul></nav>`;
}

/** Every dashboard page: header with sections and the signed-in key, flash message, footer with the rules in force. */
export function layout(p: PageInput): SafeHtml {
  const s = p.session;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${p.title} · clearance review</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${BASE}/assets/dashboard.css">
<script src="${BASE}/assets/dashboard.js" defer></script>
</head>
<body>
<header class="top">
  <a class="brand" href="${BASE}/">clearance <span>review</span></a>
  ${s ? nav(s, p.section) : ''}
  ${
    s
      ? html`<div class="who"><span class="user">${s.label}</span> <span class="role role-${s.role}">${s.role}</span>
      ${DECIDERS.includes(s.role) ? '' : html`<span class="muted small">read-only</span>`}
      <form method="post" action="${BASE}/logout" class="inline">${csrf(s)}<button type="submit" class="link">Sign out</button></form></div>`
      : ''
  }
</header>
<main id="main">
${p.flash ? html`<div class="flash flash-${p.flash.kind}" role="${p.flash.kind === 'error' ? 'alert' : 'status'}">${p.flash.text}</div>` : ''}
${p.body}
</main>
<footer class="bottom">Rules in force: <code>${p.rules.version}</code> <span class="muted small">sha256 ${p.rules.hash.slice(0, 16)}…</span></footer>
</body>
</html>`;
}
