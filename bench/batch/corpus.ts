/**
 * Deterministic (seeded) content for the batch benchmark archive: crawled sites in ten languages, each with
 * a robots.txt (some reserving AI training, some with Content-Signal, some missing), and HTML pages of
 * 20–200 KB with the parts real pages have (head metas, scripts, styles, navigation, article text, a cookie
 * banner, a footer), some carrying a rights notice in the page's language or a machine-readable signal
 * (TDMRep meta, robots `noai`, X-Robots-Tag, Content-Usage header, a CC licence link, JSON-LD licence).
 * The sentences below were written for this benchmark; they are not taken from any publisher.
 */
import iconv from 'iconv-lite';

export type Rng = () => number;

export function rng(seed: number): Rng {
  let s = seed >>> 0;
  return () => {
    // Numerical Recipes LCG: fast, deterministic across platforms, good enough for test data.
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function pick<T>(r: Rng, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)]!;
}

interface Language {
  code: string;
  tld: string;
  charset?: string;
  words: string[];
  notice: string;
  copyright: string;
}

const LANGUAGES: Language[] = [
  {
    code: 'en',
    tld: 'co.uk',
    words:
      'the council approved a new budget on monday after long talks with residents and local firms while experts said prices could rise again before winter and families would need more support across the region'.split(
        ' ',
      ),
    notice:
      'All rights reserved. The publisher expressly reserves the use of this content for text and data mining and for training artificial intelligence systems.',
    copyright: 'All rights reserved.',
  },
  {
    code: 'de',
    tld: 'de',
    words:
      'der stadtrat hat am montag einen neuen haushalt beschlossen nach langen gesprächen mit bürgern und betrieben während fachleute sagten dass die preise vor dem winter wieder steigen könnten und familien mehr unterstützung brauchen'.split(
        ' ',
      ),
    notice:
      'Alle Rechte vorbehalten. Der Verlag behält sich die Nutzung der Inhalte für Text- und Data-Mining im Sinne von § 44b UrhG ausdrücklich vor.',
    copyright: 'Alle Rechte vorbehalten.',
  },
  {
    code: 'fr',
    tld: 'fr',
    words:
      'le conseil municipal a adopté lundi un nouveau budget après de longues discussions avec les habitants et les entreprises tandis que des experts estiment que les prix pourraient encore augmenter avant l’hiver'.split(
        ' ',
      ),
    notice:
      'Tous droits réservés. L’éditeur s’oppose à toute fouille de textes et de données au sens de l’article L.122-5-3 du Code de la propriété intellectuelle.',
    copyright: 'Tous droits réservés.',
  },
  {
    code: 'es',
    tld: 'es',
    words:
      'el ayuntamiento aprobó el lunes un nuevo presupuesto tras largas conversaciones con vecinos y empresas mientras los expertos advirtieron que los precios podrían volver a subir antes del invierno'.split(
        ' ',
      ),
    notice:
      'Todos los derechos reservados. Queda expresamente prohibida la minería de textos y datos y el uso de estos contenidos para entrenar sistemas de inteligencia artificial.',
    copyright: 'Todos los derechos reservados.',
  },
  {
    code: 'it',
    tld: 'it',
    words:
      'il consiglio comunale ha approvato lunedì un nuovo bilancio dopo lunghe discussioni con cittadini e imprese mentre gli esperti hanno avvertito che i prezzi potrebbero salire di nuovo prima dell’inverno'.split(
        ' ',
      ),
    notice:
      'Tutti i diritti riservati. È vietata l’estrazione di testo e dati e l’uso dei contenuti per addestrare sistemi di intelligenza artificiale.',
    copyright: 'Tutti i diritti riservati.',
  },
  {
    code: 'pl',
    tld: 'pl',
    charset: 'iso-8859-2',
    words:
      'rada miasta przyjęła w poniedziałek nowy budżet po długich rozmowach z mieszkańcami i firmami a eksperci ostrzegali że ceny mogą znów wzrosnąć przed zimą zażółć gęślą jaźń'.split(
        ' ',
      ),
    notice:
      'Wszelkie prawa zastrzeżone. Wydawca zastrzega, że eksploracja tekstów i danych jest zabroniona (art. 26³ ustawy o prawie autorskim).',
    copyright: 'Wszelkie prawa zastrzeżone.',
  },
  {
    code: 'nl',
    tld: 'nl',
    words:
      'de gemeenteraad heeft maandag een nieuwe begroting goedgekeurd na lange gesprekken met inwoners en bedrijven terwijl deskundigen waarschuwden dat de prijzen voor de winter opnieuw kunnen stijgen'.split(
        ' ',
      ),
    notice:
      'Alle rechten voorbehouden. Het is niet toegestaan de inhoud te gebruiken voor tekst- en datamining of voor het trainen van AI-systemen.',
    copyright: 'Alle rechten voorbehouden.',
  },
  {
    code: 'pt',
    tld: 'pt',
    charset: 'windows-1252',
    words:
      'a câmara municipal aprovou na segunda-feira um novo orçamento após longas conversas com moradores e empresas enquanto especialistas alertaram que os preços podem voltar a subir antes do inverno'.split(
        ' ',
      ),
    notice:
      'Todos os direitos reservados. É proibida a mineração de textos e dados e a utilização dos conteúdos para treinar sistemas de inteligência artificial.',
    copyright: 'Todos os direitos reservados.',
  },
  {
    code: 'cs',
    tld: 'cz',
    words:
      'městská rada v pondělí schválila nový rozpočet po dlouhých jednáních s obyvateli a firmami zatímco odborníci varovali že ceny mohou před zimou znovu vzrůst'.split(
        ' ',
      ),
    notice: 'Všechna práva vyhrazena. Vytěžování textů a dat je bez souhlasu vydavatele zakázáno.',
    copyright: 'Všechna práva vyhrazena.',
  },
  {
    code: 'sv',
    tld: 'se',
    words:
      'kommunfullmäktige antog på måndagen en ny budget efter långa samtal med invånare och företag medan experter varnade för att priserna kan stiga igen före vintern'.split(
        ' ',
      ),
    notice:
      'Alla rättigheter förbehållna. Utgivaren förbehåller sig rätten till text- och datautvinning och användning för träning av AI.',
    copyright: 'Alla rättigheter förbehållna.',
  },
];

const SITE_WORDS = [
  'tagblatt',
  'courier',
  'gazette',
  'journal',
  'post',
  'herald',
  'observer',
  'express',
  'news',
  'daily',
];

export type RobotsKind = 'open' | 'ai-block' | 'content-signal' | 'missing' | 'server-error';

export interface Site {
  origin: string;
  host: string;
  lang: Language;
  robots: RobotsKind;
}

export function makeSites(r: Rng, count: number): Site[] {
  const kinds: RobotsKind[] = [
    'open',
    'open',
    'open',
    'ai-block',
    'ai-block',
    'content-signal',
    'missing',
    'server-error',
  ];
  const sites: Site[] = [];
  for (let i = 0; i < count; i++) {
    const lang = LANGUAGES[i % LANGUAGES.length]!;
    const host = `www.${pick(r, SITE_WORDS)}-${i}.example.${lang.tld}`;
    sites.push({ origin: `https://${host}`, host, lang, robots: kinds[i % kinds.length]! });
  }
  return sites;
}

export interface HttpResponse {
  status: number;
  headers: [string, string][];
  body: Uint8Array;
}

export function robotsResponse(site: Site): HttpResponse {
  const text = (s: string, status = 200): HttpResponse => ({
    status,
    headers: [['Content-Type', 'text/plain; charset=utf-8']],
    body: Buffer.from(s),
  });
  switch (site.robots) {
    case 'open':
      return text('User-agent: *\nDisallow: /admin/\nDisallow: /search\n\nSitemap: /sitemap.xml\n');
    case 'ai-block':
      return text(
        '# AI crawlers are not welcome\nUser-agent: GPTBot\nUser-agent: CCBot\nUser-agent: Google-Extended\nUser-agent: ClaudeBot\nDisallow: /\n\nUser-agent: *\nDisallow: /private/\n',
      );
    case 'content-signal':
      return text(
        '# As a condition of accessing this website, you agree to abide by the following content signals.\nUser-agent: *\nContent-Signal: search=yes, ai-train=no\nAllow: /\n',
      );
    case 'missing':
      return {
        status: 404,
        headers: [['Content-Type', 'text/html']],
        body: Buffer.from('<html><body>Not found</body></html>'),
      };
    case 'server-error':
      return text('Service unavailable', 503);
  }
}

function sentence(r: Rng, words: string[], n: number): string {
  const w: string[] = [];
  for (let i = 0; i < n; i++) w.push(pick(r, words));
  const s = w.join(' ');
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}

export type PageSignal =
  | 'none'
  | 'notice'
  | 'tdm-meta'
  | 'noai-meta'
  | 'x-robots-tag'
  | 'content-usage'
  | 'cc-by'
  | 'jsonld-license';

const SIGNAL_MIX: PageSignal[] = [
  ...Array<PageSignal>(12).fill('none'),
  'notice',
  'notice',
  'notice',
  'tdm-meta',
  'noai-meta',
  'x-robots-tag',
  'content-usage',
  'cc-by',
  'jsonld-license',
];

/** One HTML page of `targetBytes` (±a few hundred bytes) in the site's language and charset. */
export function pageResponse(r: Rng, site: Site, path: string, targetBytes: number): HttpResponse {
  const lang = site.lang;
  const signal = pick(r, SIGNAL_MIX);
  const charset = lang.charset ?? 'utf-8';
  const url = `${site.origin}${path}`;
  const headers: [string, string][] = [
    ['Content-Type', `text/html; charset=${charset}`],
    ['Cache-Control', 'max-age=300'],
    ['Server', 'nginx'],
  ];
  if (signal === 'x-robots-tag') headers.push(['X-Robots-Tag', 'noai, noimageai']);
  if (signal === 'content-usage') headers.push(['Content-Usage', 'train-ai=n']);
  const metas = [
    `<meta charset="${charset}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="description" content="${sentence(r, lang.words, 18)}">`,
    `<meta property="og:title" content="${sentence(r, lang.words, 7)}">`,
    `<meta property="og:url" content="${url}">`,
    '<meta name="robots" content="index, follow, max-image-preview:large">',
  ];
  if (signal === 'tdm-meta') metas.push('<meta name="tdm-reservation" content="1">');
  if (signal === 'noai-meta') metas.push('<meta name="robots" content="noai, noimageai">');
  const links = [`<link rel="canonical" href="${url}">`, '<link rel="stylesheet" href="/assets/site.css">'];
  if (signal === 'cc-by') links.push('<link rel="license" href="https://creativecommons.org/licenses/by/4.0/">');
  const jsonLd: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: sentence(r, lang.words, 7),
    inLanguage: lang.code,
    publisher: { '@type': 'Organization', name: site.host },
  };
  if (signal === 'jsonld-license') jsonLd.license = 'https://creativecommons.org/licenses/by-nc-nd/4.0/';
  const head = `<!DOCTYPE html>\n<html lang="${lang.code}"><head>${metas.join('\n')}\n<title>${sentence(r, lang.words, 7)}</title>\n${links.join('\n')}
<script type="application/ld+json">${JSON.stringify(jsonLd)}</script>
<style>${'.nav a{color:#123;padding:0 4px}.article p{line-height:1.5}.ad-slot{min-height:250px}\n'.repeat(30)}</style>
${Array.from({ length: 12 }, (_, i) => `<script>window.dataLayer=window.dataLayer||[];dataLayer.push({event:'slot_${i}',page:'${path}'});</script>`).join('\n')}
</head><body>
<div class="cookie-consent" role="dialog"><p>${sentence(r, lang.words, 14)} <button>OK</button></p></div>
<header class="masthead"><nav class="nav"><ul>${Array.from({ length: 18 }, (_, i) => `<li><a href="/section/${i}">${pick(r, lang.words)}</a></li>`).join('')}</ul></nav></header>
<main><article class="article"><h1>${sentence(r, lang.words, 9)}</h1>\n`;
  const footerNotice = signal === 'notice' ? lang.notice : lang.copyright;
  const tail = `</article>
<aside class="related"><ul>${Array.from({ length: 8 }, (_, i) => `<li><a href="/related/${i}">${sentence(r, lang.words, 6)}</a></li>`).join('')}</ul></aside></main>
<footer class="site-footer"><p>© 2026 ${site.host}. ${footerNotice}</p><p><a href="/impressum">Impressum</a> · <a href="/privacy">Privacy</a></p></footer>
</body></html>\n`;
  const parts: string[] = [head];
  let size = head.length + tail.length;
  let i = 0;
  while (size < targetBytes) {
    const p =
      i % 7 === 6
        ? `<h2>${sentence(r, lang.words, 6)}</h2>\n`
        : `<p>${sentence(r, lang.words, 22)} ${sentence(r, lang.words, 16)} <a href="/topic/${i}">${pick(r, lang.words)}</a> ${sentence(r, lang.words, 12)}</p>\n`;
    parts.push(p);
    size += p.length;
    i++;
  }
  parts.push(tail);
  const html = parts.join('');
  return { status: 200, headers, body: encode(html, charset) };
}

function encode(text: string, charset: string): Uint8Array {
  return charset === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, charset);
}

/** A non-HTML response (image, PDF, JSON) as crawls contain them. */
export function otherResponse(r: Rng): { path: string; response: HttpResponse } {
  const kind = pick(r, ['image', 'pdf', 'json'] as const);
  const size = 2000 + Math.floor(r() * 30000);
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = Math.floor(r() * 256);
  if (kind === 'image')
    return {
      path: `/img/${Math.floor(r() * 1e6)}.jpg`,
      response: { status: 200, headers: [['Content-Type', 'image/jpeg']], body: bytes },
    };
  if (kind === 'pdf')
    return {
      path: `/files/${Math.floor(r() * 1e6)}.pdf`,
      response: { status: 200, headers: [['Content-Type', 'application/pdf']], body: bytes },
    };
  return {
    path: `/api/${Math.floor(r() * 1e6)}.json`,
    response: {
      status: 200,
      headers: [['Content-Type', 'application/json']],
      body: Buffer.from(JSON.stringify({ items: Array.from({ length: 50 }, (_, i) => ({ id: i, v: r() })) })),
    },
  };
}
