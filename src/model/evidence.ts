import { hash } from 'node:crypto';
import type { Condition } from './conditions.js';
import type { Effects, Use } from './uses.js';

/** Signal names are a public contract (evidence JSON, database, filters in the dashboard). */
export const SIGNALS = [
  'tdmrep-header',
  'tdmrep-meta',
  'tdmrep-file',
  'robots-meta',
  'x-robots-tag',
  'content-usage-header',
  'content-signal-header',
  'rsl-link',
  'rsl-inline',
  'cc-license',
  'license-link',
  'jsonld-license',
  'schema-org',
  'dc-rights',
  'notice-text',
  'robots-txt',
  'robots-content-signal',
  'robots-content-usage',
  'rsl-license',
  'ai-txt',
] as const;
export type Signal = (typeof SIGNALS)[number];

/**
 * Protocol = the family whose own rules resolve its signals before the cross-protocol lattice
 * (docs/precedence.md, P3). Several signals share a protocol (TDMRep file/header/meta).
 */
export const PROTOCOLS = [
  'tdmrep',
  'robots-meta',
  'aipref',
  'content-signal',
  'rsl',
  'creative-commons',
  'schema-org',
  'dublin-core',
  'notice',
  'robots-txt',
  'ai-txt',
] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export type Location =
  | { kind: 'header'; name: string; line: number }
  | { kind: 'element'; element: string; attribute?: string; start: number; end: number; region?: string }
  | { kind: 'text'; region: string; start: number; end: number; blockIndex?: number }
  | { kind: 'file'; file: string; line?: number; group?: string[]; path?: string };

export interface Evidence {
  /** Stable id: hash of signal + stable location key + normalised content (see `evidenceId`). */
  id: string;
  signal: Signal;
  protocol: Protocol;
  source: 'page' | 'site';
  location: Location;
  /** Raw text as found, capped at EXCERPT_MAX characters. */
  excerpt: string;
  effects: Effects;
  /** Why the `conditional` effects are conditional. */
  conditions?: Condition[];
  /** Carve-outs the statement names (search engines, research, contractual use...). */
  exceptions?: string[];
  /** 0..1: how sure we are that this statement says what `effects` says. */
  confidence: number;
  /** True for signals an agent can read without interpreting prose (Art. 4(3) "machine-readable"). */
  machineReadable: boolean;
  /** True when this statement restricts a use as the rights holder's reservation (not a licence term). */
  reservation: boolean;
  /** Carrier specificity within its protocol (higher supersedes lower where the protocol says so). */
  carrierRank?: number;
  /** Set by the combiner when the protocol's own rules let another carrier win. */
  superseded?: boolean;
  /** Effects derived from another use of the same statement (`{"ai-train": "tdm"}`: src/combine/derive.ts). */
  derived?: Partial<Record<Use, Use>>;
  /** Only applies to these crawler tokens (lower-case); absent = applies to all. */
  agents?: string[];
  /** Matcher stage for text detectors (`template:4-window`, `clause`...). */
  stage?: string;
  ruleId?: string;
  rulesVersion?: string;
  /** Small, signal-specific facts (licence id, header value parsed, agents blocked...). */
  details?: Record<string, unknown>;
  /** Set when a human conclusion applies. */
  concluded?: { conclusionId: string; action: string; by: string; at: string };
}

export const EXCERPT_MAX = 600;

export function capExcerpt(raw: string, max = EXCERPT_MAX): string {
  if (raw.length <= max) return raw;
  return `${raw.slice(0, max - 1)}…`;
}

/**
 * Location parts that survive a re-crawl: header name, element kind + attribute, text region, file +
 * group. Character offsets and line numbers move when a page is edited, so they are left out; the
 * normalised content disambiguates statements within the same place.
 */
export function stableLocationKey(loc: Location): string {
  switch (loc.kind) {
    case 'header':
      return `header:${loc.name.toLowerCase()}`;
    case 'element':
      return `element:${loc.element}:${loc.attribute ?? ''}`;
    case 'text':
      return `text:${loc.region}`;
    case 'file':
      return `file:${loc.file}:${(loc.group ?? []).join(',')}:${loc.path ?? ''}`;
  }
}

export function normaliseForId(content: string): string {
  return content.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function evidenceId(signal: Signal, loc: Location, content: string): string {
  // One-shot hash of the joined parts: the same digest as hashing them in turn, at a quarter of the cost.
  const digest = hash('sha256', `${signal}\u0000${stableLocationKey(loc)}\u0000${normaliseForId(content)}`, 'hex');
  return `ev_${digest.slice(0, 16)}`;
}

export type EvidenceInit = Omit<Evidence, 'id' | 'excerpt'> & { excerpt: string; idContent?: string };

/** Builds an evidence item with its id and capped excerpt. `idContent` defaults to the excerpt. */
export function makeEvidence(init: EvidenceInit): Evidence {
  const { idContent, excerpt, ...rest } = init;
  return {
    id: evidenceId(init.signal, init.location, idContent ?? excerpt),
    ...rest,
    excerpt: capExcerpt(excerpt),
  };
}
