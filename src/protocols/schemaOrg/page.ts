import { type DetectorResult, type PageContext, type PageDetector, result } from '../../detect/page.js';
import type { JsonLdBlock } from '../../extract/page.js';
import { type Evidence, type Location, makeEvidence } from '../../model/evidence.js';
import { type Flag, flag } from '../../model/flags.js';
import { licenceEvidence } from '../cc/page.js';

const MAX_DEPTH = 24;
const MAX_NODES = 5000;

interface RightsFacts {
  licenses: string[];
  acquireLicensePage?: string;
  usageInfo?: string;
  copyrightHolder?: string;
  copyrightNotice?: string;
  creditText?: string;
  paywalled: boolean;
  conditionsOfAccess?: string;
}

function asUrl(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    for (const k of ['url', '@id', 'id']) if (typeof o[k] === 'string') return (o[k] as string).trim();
  }
  return undefined;
}

function asName(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (typeof o.name === 'string') return o.name.trim();
    if (Array.isArray(o.name) && typeof o.name[0] === 'string') return o.name[0].trim();
  }
  if (Array.isArray(v)) return asName(v[0]);
  return undefined;
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

/** Walks a JSON-LD value (objects, arrays, `@graph`), bounded in depth and node count. */
export function collectRightsFacts(value: unknown): RightsFacts {
  const facts: RightsFacts = { licenses: [], paywalled: false };
  let nodes = 0;
  const visit = (v: unknown, depth: number) => {
    if (depth > MAX_DEPTH || nodes > MAX_NODES || v === null || typeof v !== 'object') return;
    nodes++;
    if (Array.isArray(v)) {
      for (const x of v) visit(x, depth + 1);
      return;
    }
    const o = v as Record<string, unknown>;
    for (const l of asList(o.license)) {
      const u = asUrl(l);
      if (u && !facts.licenses.includes(u)) facts.licenses.push(u);
    }
    facts.acquireLicensePage ??= asUrl(o.acquireLicensePage);
    facts.usageInfo ??= asUrl(o.usageInfo);
    facts.copyrightHolder ??= asName(o.copyrightHolder);
    if (typeof o.copyrightNotice === 'string') facts.copyrightNotice ??= o.copyrightNotice;
    if (typeof o.creditText === 'string') facts.creditText ??= o.creditText;
    if (o.isAccessibleForFree === false || o.isAccessibleForFree === 'false' || o.isAccessibleForFree === 'False')
      facts.paywalled = true;
    if (typeof o.conditionsOfAccess === 'string') facts.conditionsOfAccess ??= o.conditionsOfAccess;
    for (const [k, child] of Object.entries(o))
      if (k !== 'license' && typeof child === 'object') visit(child, depth + 1);
  };
  visit(value, 0);
  return facts;
}

function blockEvidence(ctx: PageContext, block: JsonLdBlock, flags: Flag[]): Evidence[] {
  const facts = collectRightsFacts(block.value);
  const loc: Location = {
    kind: 'element',
    element: 'script',
    attribute: 'type=application/ld+json',
    start: block.start,
    end: block.end,
  };
  const out: Evidence[] = [];
  for (const url of facts.licenses)
    out.push(licenceEvidence(ctx, url, 'jsonld-license', loc, `"license": "${url}"`, flags));
  const offer = facts.acquireLicensePage ?? facts.usageInfo;
  const details: Record<string, unknown> = {};
  if (facts.acquireLicensePage) details.acquireLicensePage = facts.acquireLicensePage;
  if (facts.usageInfo) details.usageInfo = facts.usageInfo;
  if (facts.copyrightHolder) details.copyrightHolder = facts.copyrightHolder;
  if (facts.copyrightNotice) details.copyrightNotice = facts.copyrightNotice;
  if (facts.creditText) details.creditText = facts.creditText;
  if (facts.paywalled) details.paywalled = true;
  if (facts.conditionsOfAccess) details.conditionsOfAccess = facts.conditionsOfAccess;
  if (Object.keys(details).length === 0) return out;
  // acquireLicensePage / usageInfo without a licence: all rights reserved, with a licensing offer (test/fixtures/vectors/page-vectors.yaml #79).
  const licensingOffer = offer !== undefined && facts.licenses.length === 0;
  const excerpt = Object.entries(details)
    .map(([k, v]) => `"${k}": ${JSON.stringify(v)}`)
    .join(', ');
  const e = makeEvidence({
    signal: 'schema-org',
    protocol: 'schema-org',
    source: 'page',
    location: loc,
    excerpt,
    effects: licensingOffer ? { redistribution: 'conditional', commercial: 'conditional' } : {},
    conditions: licensingOffer ? [{ kind: 'licence', text: `licence offered at ${offer}` }] : undefined,
    confidence: 0.9,
    machineReadable: true,
    reservation: false,
    details,
  });
  if (facts.paywalled)
    flags.push(flag('paywalled', 'isAccessibleForFree: false — do not circumvent the paywall', e.id));
  out.push(e);
  return out;
}

/** schema.org rights properties in JSON-LD: license, acquireLicensePage, usageInfo, copyrightHolder, paywall. */
export const schemaOrgDetector: PageDetector = {
  name: 'schema-org',
  detect(ctx: PageContext): DetectorResult {
    const flags: Flag[] = [];
    const seen = new Set<string>();
    const evidence: Evidence[] = [];
    for (const block of ctx.page.jsonLd) {
      if (block.value === undefined) continue;
      for (const e of blockEvidence(ctx, block, flags)) {
        if (seen.has(e.id)) continue;
        seen.add(e.id);
        evidence.push(e);
      }
    }
    return result(evidence, flags);
  },
};
