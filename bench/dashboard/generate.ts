import type { Engine } from '../../src/engine/engine.js';
import { normaliseHeaders } from '../../src/model/headers.js';
import type { Verdict } from '../../src/model/verdict.js';
import { ingestInTransaction } from '../../src/store/ingest.js';
import type { Store } from '../../src/store/open.js';

/**
 * Fills a store with `count` checked pages for the dashboard benchmark. Realistic where the queue cares:
 * a mix of machine signals, notices in several languages, licences, conflicts and plain pages; a
 * long-tailed spread over domains (a few large sites, many small ones); decisions spread over 90 days.
 * Each template page is checked once by the real engine; every generated URL stores that verdict under
 * its own URL through the real ingest (fetch, evidence links, verdict, latest pointer), so the tables
 * and indexes are exactly what the service writes.
 */
const TEMPLATES: { name: string; lang: string; html: string; headers?: Record<string, string> }[] = [
  { name: 'tdm-meta', lang: 'en', html: '<meta name="tdm-reservation" content="1">' },
  { name: 'noai', lang: 'fr', html: '<meta name="robots" content="noai, noimageai">' },
  { name: 'x-robots', lang: 'de', html: '', headers: { 'X-Robots-Tag': 'noai' } },
  { name: 'cc-by-nc', lang: 'es', html: '<link rel="license" href="https://creativecommons.org/licenses/by-nc/4.0/">' },
  { name: 'cc-by', lang: 'en', html: '<link rel="license" href="https://creativecommons.org/licenses/by/4.0/">' },
  {
    name: 'conflict',
    lang: 'en',
    html: '<link rel="license" href="https://creativecommons.org/licenses/by/4.0/"><meta name="tdm-reservation" content="1">',
  },
  { name: 'plain-en', lang: 'en', html: '' },
  { name: 'plain-it', lang: 'it', html: '' },
];

const NOTICES: Record<string, string> = {
  en: '© 2026 Example Media. All rights reserved. Text and data mining of this content is prohibited without prior written consent.',
  fr: '© 2026 Exemple Presse. Tous droits réservés. Toute fouille de textes et de données est interdite sans autorisation.',
  de: '© 2026 Beispiel Verlag. Alle Rechte vorbehalten. Text- und Data-Mining ist ohne vorherige Zustimmung untersagt.',
  es: '© 2026 Ejemplo Medios. Todos los derechos reservados.',
  it: 'Articolo pubblicato il 3 marzo.',
};

function page(t: (typeof TEMPLATES)[number], withNotice: boolean): string {
  return `<html lang="${t.lang}"><head><title>${t.name}</title>${t.html}</head><body><article><p>${'Body text of the article. '.repeat(40)}</p></article><footer>${
    withNotice ? NOTICES[t.lang] : ''
  }</footer></body></html>`;
}

export interface Variant {
  name: string;
  verdict: Verdict;
  headers: Record<string, string>;
  body: string;
}

export function variants(engine: Engine): Variant[] {
  const out: Variant[] = [];
  for (const t of TEMPLATES)
    for (const notice of [false, true]) {
      const body = page(t, notice);
      const headers = t.headers ?? {};
      const verdict = engine.check({ url: 'https://template.example/x', headers, body });
      out.push({ name: `${t.name}${notice ? '+notice' : ''}`, verdict, headers, body });
    }
  return out;
}

/** Deterministic pseudo-random numbers (runs are comparable). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export const DAY_MS = 86_400_000;

/** Domain i of `domains`, long-tailed: domain 0 is the largest. */
function domainIndex(r: () => number, domains: number): number {
  return Math.min(domains - 1, Math.floor(domains * r() ** 3));
}

export async function generate(
  store: Store,
  engine: Engine,
  options: { count: number; domains: number; days: number; end: Date },
  progress?: (done: number) => void,
): Promise<{ variants: Variant[] }> {
  const vs = variants(engine);
  const r = rng(42);
  const BATCH = 1000;
  for (let i = 0; i < options.count; i += BATCH) {
    await store.write(async (trx) => {
      for (let j = i; j < Math.min(options.count, i + BATCH); j++) {
        const v = vs[Math.floor(r() * vs.length)]!;
        const domain = `site${domainIndex(r, options.domains)}.example`;
        const url = `https://www.${domain}/section${j % 17}/article-${j}.html`;
        const decidedAt = new Date(options.end.getTime() - r() * options.days * DAY_MS).toISOString();
        await ingestInTransaction(
          trx,
          {
            fetch: {
              url: new URL(url),
              headers: normaliseHeaders(v.headers),
              body: `${v.body}<!-- ${j} -->`,
              status: 200,
              fetchedAt: decidedAt,
            },
            verdict: { ...v.verdict, url },
          },
          decidedAt,
        );
      }
    });
    progress?.(Math.min(options.count, i + BATCH));
  }
  return { variants: vs };
}
