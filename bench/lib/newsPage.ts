/**
 * A realistic ~150 KB news article page for benchmarks: head metas, Open Graph, JSON-LD (NewsArticle +
 * BreadcrumbList), inline analytics scripts, a large style block, navigation, a long article body with
 * entities and UTF-8, related-links lists, a cookie banner and a footer with a rights notice.
 * Deterministic (seeded), so runs are comparable.
 */
const WORDS =
  'the government announced new measures on tuesday after weeks of negotiations with unions and employers while analysts warned that inflation could rise again before the summer season ministers said the plan would protect jobs and support families across the country zażółć gęślą jaźń über straße déjà vu'.split(
    ' ',
  );

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function sentence(r: () => number, n: number): string {
  const w: string[] = [];
  for (let i = 0; i < n; i++) w.push(WORDS[Math.floor(r() * WORDS.length)]!);
  const s = w.join(' ');
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}

export interface NewsPageOptions {
  targetBytes?: number;
  seed?: number;
  footerNotice?: string;
  lang?: string;
}

export function newsPage(options: NewsPageOptions = {}): string {
  const target = options.targetBytes ?? 150_000;
  const r = rng(options.seed ?? 42);
  const lang = options.lang ?? 'en';
  const notice =
    options.footerNotice ??
    'Downloading, reproduction, storage, or any other use of content available on this website, including the use of machine learning or artificial intelligence programs, requires prior and explicit consent of the publisher. The above restriction does not apply solely to facilitate their search by internet search engines.';
  const head = `<!DOCTYPE html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${sentence(r, 8)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="${sentence(r, 20)}">
<meta name="robots" content="index, follow, max-image-preview:large">
<meta property="og:title" content="${sentence(r, 8)}"><meta property="og:type" content="article">
<meta property="og:url" content="https://news.example.com/politics/2026/11/article-123">
<meta property="og:image" content="https://img.example.com/a.jpg"><meta name="twitter:card" content="summary_large_image">
<meta name="author" content="Jane Doe"><meta name="copyright" content="© 2026 Example News Media">
<meta property="article:published_time" content="2026-11-28T08:00:00Z"><meta name="theme-color" content="#fff">
<link rel="canonical" href="https://news.example.com/politics/2026/11/article-123"><link rel="stylesheet" href="/c.css">
<link rel="preload" href="/f.woff2" as="font"><link rel="icon" href="/favicon.ico"><link rel="amphtml" href="/amp/123">
<link rel="alternate" hreflang="de" href="/de/123"><link rel="manifest" href="/m.json"><link rel="preconnect" href="https://cdn.example.com">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"${sentence(r, 8)}","datePublished":"2026-11-28T08:00:00Z","author":{"@type":"Person","name":"Jane Doe"},"publisher":{"@type":"Organization","name":"Example News","logo":{"@type":"ImageObject","url":"https://img.example.com/logo.png"}},"copyrightHolder":{"@type":"Organization","name":"Example News Media"},"isAccessibleForFree":true}</script>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"BreadcrumbList","itemListElement":[{"@type":"ListItem","position":1,"name":"Home","item":"https://news.example.com/"},{"@type":"ListItem","position":2,"name":"Politics","item":"https://news.example.com/politics"}]}</script>
<style>${'.c{margin:0;padding:0;color:#333}.a .b>.c:hover{text-decoration:underline}\n'.repeat(120)}</style>
${Array.from({ length: 40 }, (_, i) => `<script>window.dataLayer=window.dataLayer||[];gtag('event','view_${i}',{page:'a123',slot:${i}});</script>`).join('\n')}
</head><body>
<div class="cookie-banner" role="dialog"><p>We use cookies and process data to personalise ads. <button>Accept all</button> <button>Settings</button></p></div>
<header class="site-header"><nav><ul>${Array.from({ length: 30 }, (_, i) => `<li><a href="/s${i}">Section ${i}</a></li>`).join('')}</ul></nav></header>
<main><article><h1>${sentence(r, 10)}</h1><p class="lead">${sentence(r, 30)}</p>`;
  const tail = `</article>
<aside><h2>Related</h2><ul>${Array.from({ length: 20 }, (_, i) => `<li><a href="/r${i}">${sentence(r, 8)}</a></li>`).join('')}</ul></aside></main>
<footer class="site-footer"><div class="footer-links">${Array.from({ length: 25 }, (_, i) => `<a href="/f${i}">Link ${i}</a>`).join(' | ')}</div>
<p class="copyright">© 2026 Example News Media. All rights reserved.</p><p class="legal">${notice}</p></footer>
</body></html>`;
  let body = '';
  let i = 0;
  while (head.length + body.length + tail.length < target) {
    body += i % 7 === 3 ? `<h2>${sentence(r, 6)}</h2>` : '';
    body += `<p>${sentence(r, 25)} ${sentence(r, 18)} &amp; ${sentence(r, 12)} <a href="/x${i}">${sentence(r, 3)}</a> ${sentence(r, 20)}</p>\n`;
    if (i % 11 === 5)
      body += `<figure><img src="/i${i}.jpg" alt="photo"><figcaption>${sentence(r, 10)}</figcaption></figure>\n`;
    if (i % 13 === 7)
      body += `<div class="ad" id="ad-${i}"><script>googletag.cmd.push(function(){googletag.display('ad-${i}');});</script></div>\n`;
    i++;
  }
  return head + body + tail;
}
