import type * as FastXml from 'fast-xml-parser';
import type { Condition } from '../../model/conditions.js';
import { type Flag, flag } from '../../model/flags.js';
import { stricter } from '../../model/lattice.js';
import { lazy } from '../../model/lazy.js';
import type { Effects, Permission, Use } from '../../model/uses.js';
import { compilePathPattern } from '../shared/pathPattern.js';

/**
 * RSL 1.0 (rslstandard.org/rsl, with the 2026-08-07 errata) parsed with fast-xml-parser and evaluated for
 * one URL. Semantics (docs/reference/signals.md §4.2–4.3):
 * - the narrowest matching `<content url>` applies (RFC 9309 pattern matching on paths, or a full URL);
 * - a `permits type="usage"` list means only the listed uses are licensed; `prohibits` beats `permits`;
 * - payment absent or `free` ⇒ allowed; `attribution` ⇒ conditional(attribution); any other payment, or a
 *   `<standard>`/`<custom>` licence URL ⇒ conditional(licence/payment); `server=` ⇒ a licence token is needed;
 * - several `<license>` elements in one content are alternative offers: the least restrictive offer counts;
 * - unknown tokens grant nothing (flag `rsl_unknown_token`); 0.9 comma lists are split and flagged `rsl_0_9`.
 */
export const RSL_NAMESPACE = 'https://rslstandard.org/rsl';
const MAX_RSL_BYTES = 1 << 20;

const USAGE: Record<string, Use[]> = {
  all: ['search', 'ai-train', 'ai-input', 'tdm'],
  'ai-all': ['ai-train', 'ai-input'],
  'ai-train': ['ai-train'],
  'ai-input': ['ai-input'],
  'ai-index': ['ai-input'],
  search: ['search'],
};
const USAGE_UNIVERSE: Use[] = ['search', 'ai-train', 'ai-input'];
const USER_TOKENS = new Set(['commercial', 'non-commercial', 'education', 'government', 'personal']);
const PAYMENT_TYPES = new Set([
  'purchase',
  'subscription',
  'training',
  'crawl',
  'use',
  'contribution',
  'attribution',
  'free',
]);

export interface RslTokens {
  usage?: string[];
  user?: string[];
  geo?: string[];
}

export interface RslLicense {
  permits: RslTokens;
  prohibits: RslTokens;
  payments: { type?: string; standard?: string; custom?: string }[];
}

export interface RslContent {
  url: string;
  server?: string;
  licenses: RslLicense[];
  copyright?: string;
  terms?: string;
}

export interface RslDocument {
  contents: RslContent[];
  namespaceOk: boolean;
}

export interface RslParse {
  doc: RslDocument | null;
  flags: Flag[];
  error?: string;
}

type Node = Record<string, unknown>;

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (v && typeof v === 'object' && '#text' in (v as Node)) return String((v as Node)['#text']);
  return '';
}

function list(v: unknown): Node[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => (typeof x === 'object' && x !== null ? (x as Node) : { '#text': x }));
}

function tokens(raw: string, flags: Flag[], where: string): string[] {
  if (raw.includes(',')) flags.push(flag('rsl_0_9', `${where}: comma-separated list (RSL 0.9 syntax)`));
  return raw
    .split(/[\s,]+/)
    .map((t) => t.trim())
    .filter(Boolean);
}

function readTokens(nodes: Node[], flags: Flag[], where: string): RslTokens {
  const out: RslTokens = {};
  for (const n of nodes) {
    const type = String(n['@_type'] ?? 'usage').toLowerCase();
    if (type !== 'usage' && type !== 'user' && type !== 'geo') {
      flags.push(flag('rsl_unknown_token', `${where}: type="${type}"`));
      continue;
    }
    const t = tokens(text(n), flags, where);
    out[type] = [...(out[type] ?? []), ...t];
  }
  return out;
}

/** Loaded when a page or site has an RSL document (most have none). */
const fastXml = lazy(() => require('fast-xml-parser') as typeof FastXml);

export function parseRsl(xml: string): RslParse {
  const flags: Flag[] = [];
  if (xml.length > MAX_RSL_BYTES)
    return { doc: null, flags, error: `RSL document of ${xml.length} bytes exceeds ${MAX_RSL_BYTES}` };
  const { XMLParser, XMLValidator } = fastXml();
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    return { doc: null, flags, error: `RSL is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})` };
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    parseTagValue: false,
    processEntities: true,
    isArray: (name) => ['content', 'license', 'permits', 'prohibits', 'payment'].includes(name),
  });
  let root: Node;
  try {
    root = parser.parse(xml) as Node;
  } catch (e) {
    return { doc: null, flags, error: `RSL could not be parsed: ${(e as Error).message}` };
  }
  const rsl = root.rsl as Node | undefined;
  if (!rsl || typeof rsl !== 'object') return { doc: null, flags, error: 'no <rsl> root element' };
  const ns = String(rsl['@_xmlns'] ?? '');
  const namespaceOk = ns.replace(/\/$/, '') === RSL_NAMESPACE;
  if (!namespaceOk) flags.push(flag('rsl_namespace', `root namespace "${ns}" is not ${RSL_NAMESPACE}`));
  const contents: RslContent[] = list(rsl.content).map((c, i) => {
    const where = `content[${i}]`;
    const licenses = list(c.license).map((l, j) => {
      const lw = `${where}.license[${j}]`;
      const payments = list(l.payment).map((p) => {
        const type = p['@_type'] !== undefined ? String(p['@_type']).toLowerCase() : undefined;
        if (type === 'inference') flags.push(flag('rsl_0_9', `${lw}: payment type "inference" (RSL 0.9; now "use")`));
        else if (type && !PAYMENT_TYPES.has(type))
          flags.push(flag('rsl_unknown_token', `${lw}: payment type "${type}"`));
        const standard = text(p.standard) || undefined;
        const custom = text(p.custom) || undefined;
        return { type, standard, custom };
      });
      return {
        permits: readTokens(list(l.permits), flags, `${lw}.permits`),
        prohibits: readTokens(list(l.prohibits), flags, `${lw}.prohibits`),
        payments,
      };
    });
    const content: RslContent = { url: String(c['@_url'] ?? ''), licenses };
    if (c['@_server'] !== undefined) content.server = String(c['@_server']);
    if (c.copyright !== undefined) content.copyright = text(c.copyright);
    if (c.terms !== undefined) content.terms = text(c.terms);
    return content;
  });
  if (contents.length === 0) flags.push(flag('rsl_no_content', 'RSL document has no <content> element'));
  return { doc: { contents, namespaceOk }, flags };
}

/** Specificity of a content@url for this page, or -1 when it does not match. */
function contentMatch(content: RslContent, page: URL | null, placement: boolean): number {
  const u = content.url.trim();
  if (u === '') return placement ? 0 : -1;
  if (/^https?:\/\//i.test(u)) {
    if (!page) return -1;
    let target: URL;
    try {
      const star = u.indexOf('*');
      target = new URL(star >= 0 ? u.slice(0, star) : u);
    } catch {
      return -1;
    }
    if (target.origin !== page.origin) return -1;
    const pattern = u.slice(target.origin.length) || '/';
    return compilePathPattern(pattern).test(`${page.pathname}${page.search}`) ? pattern.length : -1;
  }
  const path = page ? `${page.pathname}${page.search}` : '/';
  return compilePathPattern(u).test(path) ? Buffer.byteLength(u) : -1;
}

export interface RslEvaluation {
  effects: Effects;
  conditions: Condition[];
  flags: Flag[];
  /** content@url that applied, or null when none matched (asset not covered by this document). */
  contentUrl: string | null;
  copyright?: string;
  terms?: string;
}

function usesOf(tokensList: string[] | undefined, flags: Flag[], where: string): Set<Use> {
  const out = new Set<Use>();
  for (const t of tokensList ?? []) {
    const mapped = USAGE[t.toLowerCase()];
    if (mapped) for (const u of mapped) out.add(u);
    else flags.push(flag('rsl_unknown_token', `${where}: usage "${t}" grants nothing`));
  }
  return out;
}

function evaluateLicense(
  l: RslLicense,
  server: string | undefined,
  flags: Flag[],
): { effects: Effects; conditions: Condition[] } {
  const effects: Effects = {};
  const conditions: Condition[] = [];
  const permitted = l.permits.usage ? usesOf(l.permits.usage, flags, 'permits') : null;
  const prohibited = usesOf(l.prohibits.usage, flags, 'prohibits');
  const universe = new Set<Use>([...USAGE_UNIVERSE, ...(permitted ?? []), ...prohibited]);
  if (
    permitted === null &&
    l.permits.usage === undefined &&
    (l.permits.user || l.permits.geo || l.payments.length > 0 || server)
  )
    universe.add('tdm');
  let paymentPerm: Permission = 'allowed';
  for (const p of l.payments) {
    const type = p.type ?? (p.standard || p.custom ? 'licence' : 'free');
    if (type === 'free') continue;
    if (type === 'attribution') {
      paymentPerm = stricter(paymentPerm, 'conditional');
      conditions.push({
        kind: 'attribution',
        text: p.standard ? `attribution per ${p.standard}` : 'attribution (RSL)',
      });
    } else if (type === 'licence') {
      paymentPerm = 'conditional';
      conditions.push({ kind: 'licence', text: `licence terms at ${p.standard ?? p.custom}` });
    } else {
      paymentPerm = 'conditional';
      conditions.push({ kind: 'payment', text: `RSL payment type "${type}"${p.standard ? ` (${p.standard})` : ''}` });
    }
  }
  if (server) {
    paymentPerm = 'conditional';
    conditions.push({ kind: 'licence-token', text: `licence token from ${server}` });
  }
  const geo = l.permits.geo ?? l.prohibits.geo;
  if (geo && geo.length > 0) {
    paymentPerm = 'conditional';
    conditions.push({ kind: 'other', text: `${l.permits.geo ? 'only in' : 'not in'} ${geo.join(', ')}` });
  }
  for (const use of universe) {
    if (prohibited.has(use)) effects[use] = 'denied';
    else if (permitted && !permitted.has(use)) effects[use] = 'denied';
    else effects[use] = paymentPerm;
  }
  const users = l.permits.user?.map((u) => u.toLowerCase());
  for (const u of [...(users ?? []), ...(l.prohibits.user ?? [])])
    if (!USER_TOKENS.has(u.toLowerCase())) flags.push(flag('rsl_unknown_token', `user "${u}" grants nothing`));
  if ((users && !users.includes('commercial')) || l.prohibits.user?.some((u) => u.toLowerCase() === 'commercial'))
    effects.commercial = 'denied';
  else if (users?.includes('commercial')) effects.commercial = paymentPerm;
  return { effects, conditions };
}

/** Evaluates an RSL document for one page. `placement`: inline document, where url="" means this page. */
export function evaluateRsl(doc: RslDocument, page: URL | null, placement = false): RslEvaluation {
  const flags: Flag[] = [];
  let best: RslContent | null = null;
  let bestLen = -1;
  for (const c of doc.contents) {
    const len = contentMatch(c, page, placement);
    if (len > bestLen) {
      best = c;
      bestLen = len;
    }
  }
  if (!best) return { effects: {}, conditions: [], flags, contentUrl: null };
  if (best.licenses.length === 0) flags.push(flag('rsl_no_license', `content "${best.url}" has no <license>`));
  // Alternative offers: per use, the least restrictive offer applies.
  const RANK: Record<Permission, number> = { unknown: -1, allowed: 0, conditional: 1, denied: 2 };
  let effects: Effects | null = null;
  const conditions: Condition[] = [];
  for (const l of best.licenses) {
    const ev = evaluateLicense(l, best.server, flags);
    conditions.push(...ev.conditions);
    if (!effects) effects = ev.effects;
    else
      for (const [u, p] of Object.entries(ev.effects) as [Use, Permission][]) {
        const cur = effects[u];
        if (cur === undefined || RANK[p] < RANK[cur]) effects[u] = p;
      }
  }
  const out: RslEvaluation = { effects: effects ?? {}, conditions, flags, contentUrl: best.url };
  if (best.copyright) out.copyright = best.copyright;
  if (best.terms) out.terms = best.terms;
  return out;
}
