import { html, type SafeHtml } from '../../export/html.js';
import { BASE } from '../http.js';

export function loginView(input: { loginToken: string; next: string; error?: string }): SafeHtml {
  return html`<section class="login card">
<h1>Sign in</h1>
<p>Use a <strong>reviewer</strong>, <strong>auditor</strong> or <strong>admin</strong> API key
(<code>npx clearance keys create --role reviewer --label "your name"</code>). The key is exchanged for a
session; it is not kept in the browser.</p>
${input.error ? html`<div class="flash flash-error" role="alert">${input.error}</div>` : ''}
<form method="post" action="${BASE}/login" autocomplete="off">
  <input type="hidden" name="_login" value="${input.loginToken}">
  <input type="hidden" name="next" value="${input.next}">
  <div class="field"><label for="key">API key</label>
  <input type="password" id="key" name="key" required autofocus spellcheck="false" placeholder="clr_…"></div>
  <button type="submit" class="primary" id="sign-in">Sign in</button>
</form>
</section>`;
}
