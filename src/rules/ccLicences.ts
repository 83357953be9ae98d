import { readFileSync } from 'node:fs';
import type { Condition } from '../model/conditions.js';
import type { Effects } from '../model/uses.js';
import { Checker } from './validate.js';
import { parseYaml } from './yaml.js';

/** One Creative Commons legal tool as listed in data/cc-licenses.yaml. */
export interface CcTool {
  /** `by-nc-sa`, `zero`, `mark`... */
  code: string;
  family: 'licence' | 'public-domain';
  name: string;
  versions: string[];
  requires: string[];
  prohibits: string[];
  aliasOf?: string;
  retired: boolean;
}

export interface CcTable {
  licences: Map<string, CcTool>;
  publicDomain: Map<string, CcTool>;
}

export interface CcMatch {
  tool: CcTool;
  version: string;
  jurisdiction?: string;
  /** Canonical id, e.g. `CC-BY-NC-SA-4.0`, `CC0-1.0`, `PDM-1.0`. */
  id: string;
  canonicalUrl: string;
  /** Version not known for this licence (e.g. by-nd-nc 4.0): still mapped, flagged. */
  unknownVersion: boolean;
}

const REQUIRES = ['attribution', 'notice', 'share-alike', 'source-code'];
const PROHIBITS = ['commercial-use', 'derivatives'];

export function parseCcTable(text: string, file: string): CcTable {
  const c = new Checker(file);
  const doc = c.obj(parseYaml(text), '(root)');
  const read = (section: string, family: CcTool['family']): Map<string, CcTool> => {
    const m = new Map<string, CcTool>();
    for (const [code, raw] of Object.entries(c.obj(doc[section], section))) {
      const o = c.obj(raw, `${section}.${code}`);
      const f = `${section}.${code}`;
      m.set(code, {
        code,
        family,
        name: c.str(o.name, `${f}.name`),
        versions: c.strList(o.versions, `${f}.versions`),
        requires: c.strList(o.requires, `${f}.requires`).map((x, i) => c.oneOf(x, `${f}.requires[${i}]`, REQUIRES)),
        prohibits: c
          .strList(o.prohibits, `${f}.prohibits`)
          .map((x, i) => c.oneOf(x, `${f}.prohibits[${i}]`, PROHIBITS)),
        aliasOf: c.optStr(o.alias_of, `${f}.alias_of`),
        retired: o.retired === undefined ? false : c.bool(o.retired, `${f}.retired`),
      });
    }
    return m;
  };
  const table = { licences: read('licences', 'licence'), publicDomain: read('public_domain', 'public-domain') };
  for (const t of table.licences.values())
    if (t.aliasOf && !table.licences.has(t.aliasOf))
      c.fail(`licences.${t.code}.alias_of`, `unknown licence "${t.aliasOf}"`);
  return table;
}

export function loadCcTable(file: string): CcTable {
  return parseCcTable(readFileSync(file, 'utf8'), file);
}

const CC_URL =
  /^(?:https?:)?\/\/(?:www\.)?creativecommons\.org\/(licenses|licences|publicdomain)\/([a-z+-]+)\/(\d\.\d)(?:\/([a-z]{2}(?:-[a-z]{2})?))?(?:\/|$|\?|#|\/?(?:legalcode|deed)[^/]*)/i;

/**
 * Normalises a CC URL (http/https, www, trailing slash, `legalcode*`, `deed.*`, query, fragment,
 * jurisdiction ports) and looks it up. Returns null for anything that is not a CC legal tool URL.
 */
export function matchCcUrl(table: CcTable, rawUrl: string): CcMatch | null {
  const m = CC_URL.exec(rawUrl.trim());
  if (!m) return null;
  const section = m[1]!.toLowerCase();
  const code = m[2]!.toLowerCase();
  const version = m[3]!;
  const jurisdiction = m[4]?.toLowerCase();
  const tool = section === 'publicdomain' ? table.publicDomain.get(code) : table.licences.get(code);
  if (!tool) return null;
  const id =
    tool.family === 'public-domain'
      ? `${code === 'zero' ? 'CC0' : 'PDM'}-${version}`
      : `CC-${(tool.aliasOf ?? code).toUpperCase()}-${version}${jurisdiction ? `-${jurisdiction.toUpperCase()}` : ''}`;
  const canonicalUrl = `https://creativecommons.org/${section === 'publicdomain' ? 'publicdomain' : 'licenses'}/${code}/${version}/${jurisdiction ? `${jurisdiction}/` : ''}`;
  return { tool, version, jurisdiction, id, canonicalUrl, unknownVersion: !tool.versions.includes(version) };
}

/** docs/reference/signals.md §8.3: what a CC tool means for our uses. Licences are terms, not AI reservations. */
export function ccEffects(tool: CcTool): { effects: Effects; conditions: Condition[] } {
  if (tool.family === 'public-domain') {
    const all: Effects = {
      redistribution: 'allowed',
      commercial: 'allowed',
      derivatives: 'allowed',
      'ai-train': 'allowed',
      tdm: 'allowed',
    };
    return { effects: all, conditions: [] };
  }
  const conditions: Condition[] = [];
  if (tool.requires.includes('attribution'))
    conditions.push({ kind: 'attribution', text: `${tool.name}: credit the author` });
  const nc = tool.prohibits.includes('commercial-use');
  const nd = tool.prohibits.includes('derivatives');
  const sa = tool.requires.includes('share-alike');
  if (nc) conditions.push({ kind: 'non-commercial', text: `${tool.name}: non-commercial use only` });
  if (sa) conditions.push({ kind: 'share-alike', text: `${tool.name}: adaptations under the same licence` });
  if (nd) conditions.push({ kind: 'no-derivatives', text: `${tool.name}: adaptations may not be shared` });
  const cond = conditions.length > 0 ? 'conditional' : 'allowed';
  return {
    effects: {
      redistribution: cond,
      commercial: nc ? 'denied' : cond,
      derivatives: nd ? 'denied' : cond,
      // CC licences have no AI terms; training is subject to the licence's conditions (docs/reference/signals.md §8.3).
      'ai-train': cond,
      tdm: cond,
    },
    conditions,
  };
}
