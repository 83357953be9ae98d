import { readFileSync, writeFileSync } from 'node:fs';
import { isMap, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { type AgentClass, parseAgents } from './agents.js';

/**
 * Merges a newer ai-robots-txt/ai.robots.txt `robots.json` into data/agents.yaml (scripts/refresh-agents.ts).
 *
 * robots.json maps a user-agent name to free-text facts `{operator, respect, function, frequency,
 * description}` (docs/reference/signals.md §6.2); it has no purpose class. So:
 * - names we already list keep their curated operator, class and source; only `respect` follows robots.json;
 * - new names are added with the operator (Markdown links stripped), a class from the registry's
 *   `function_classes` rules applied to the `function` prose (else `other`), and a source naming the file;
 * - names missing from robots.json are kept (curated facts are never deleted) and reported.
 * The YAML is edited as a document, so comments and layout survive; the result is validated with the
 * registry loader before anything is written.
 */
export interface RobotsJsonEntry {
  operator?: string;
  respect?: string;
  function?: string;
  frequency?: string;
  description?: string;
}

export interface RefreshReport {
  added: { token: string; class: AgentClass; operator: string }[];
  respectChanged: { token: string; from: string | null; to: string }[];
  unchanged: number;
  /** Our tokens robots.json does not list (kept). */
  notInRobotsJson: string[];
  /** robots.json entries that could not be used, with the reason. */
  skipped: { name: string; reason: string }[];
}

export class RefreshError extends Error {}

/** `[Anthropic](https://...)` → `Anthropic`; "Unclear at this time." → `unknown`. */
export function plainOperator(raw: string | undefined): string {
  const s = (raw ?? '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  if (!s || /^unclear|^unknown|^no information/i.test(s)) return 'unknown';
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

export function parseRobotsJson(text: string): Map<string, RobotsJsonEntry> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new RefreshError(`robots.json is not JSON: ${(e as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new RefreshError('robots.json must be an object keyed by user-agent name');
  const out = new Map<string, RobotsJsonEntry>();
  for (const [name, v] of Object.entries(doc as Record<string, unknown>)) {
    out.set(name, typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as RobotsJsonEntry) : {});
  }
  return out;
}

export function mergeRobotsJson(
  yamlText: string,
  robotsJson: Map<string, RobotsJsonEntry>,
  options: { file: string; date: string },
): { yaml: string; report: RefreshReport } {
  const registry = parseAgents(yamlText, options.file);
  const doc = parseDocument(yamlText);
  const agents = doc.get('agents', true);
  if (!isSeq(agents)) throw new RefreshError(`${options.file}: agents must be a list`);
  const seq = agents as YAMLSeq<YAMLMap>;
  const report: RefreshReport = { added: [], respectChanged: [], unchanged: 0, notInRobotsJson: [], skipped: [] };
  const seen = new Set<string>();
  for (const [rawName, entry] of robotsJson) {
    const name = rawName.trim();
    if (!name || /[\r\n#:]/.test(name)) {
      report.skipped.push({ name: rawName, reason: 'not usable as a robots.txt user-agent value' });
      continue;
    }
    const key = name.toLowerCase();
    if (seen.has(key)) {
      report.skipped.push({ name, reason: 'listed twice (names are case-insensitive)' });
      continue;
    }
    seen.add(key);
    const respect =
      typeof entry.respect === 'string'
        ? entry.respect
            .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
            .replace(/\s+/g, ' ')
            .trim() || undefined
        : undefined;
    const existing = registry.get(key);
    if (existing) {
      const item = seq.items.find((m) => isMap(m) && String(m.get('token')).toLowerCase() === key);
      if (item && respect && respect !== existing.respect) {
        report.respectChanged.push({ token: existing.token, from: existing.respect ?? null, to: respect });
        item.set('respect', respect);
      } else report.unchanged++;
      continue;
    }
    const fn = (entry.function ?? '').replace(/\s+/g, ' ').trim();
    const cls = registry.functionClasses.find((r) => fn.toLowerCase().includes(r.match))?.class ?? 'other';
    const operator = plainOperator(entry.operator);
    const node = doc.createNode({
      token: name,
      operator,
      class: cls,
      ...(respect ? { respect } : {}),
      source: `ai-robots-txt/ai.robots.txt robots.json (${options.date})${fn ? `: ${fn.slice(0, 80)}` : ''}`,
    }) as YAMLMap;
    node.flow = true;
    seq.items.push(node);
    report.added.push({ token: name, class: cls, operator });
  }
  for (const a of registry.values()) if (!seen.has(a.token.toLowerCase())) report.notInRobotsJson.push(a.token);
  const yaml = doc.toString({ lineWidth: 0 });
  parseAgents(yaml, options.file); // never write a registry the engine would refuse
  return { yaml, report };
}

export interface RefreshIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const REFRESH_USAGE = `usage: refresh-agents ROBOTS_JSON [--data data/agents.yaml] [--date YYYY-MM-DD] [--dry-run]
  Merges a newer ai-robots-txt/ai.robots.txt robots.json into the agent registry (curated entries win).
`;

/** The script's command line; returns the exit code (0 ok, 1 bad input, 2 usage). */
export function runRefresh(argv: string[], io: RefreshIO, defaultData: string): number {
  const args = [...argv];
  let data = defaultData;
  let date = new Date().toISOString().slice(0, 10);
  let dryRun = false;
  let input: string | undefined;
  while (args.length > 0) {
    const a = args.shift()!;
    if (a === '--data') data = args.shift() ?? '';
    else if (a === '--date') date = args.shift() ?? '';
    else if (a === '--dry-run') dryRun = true;
    else if (a === '--help' || a === '-h') {
      io.stdout(REFRESH_USAGE);
      return 0;
    } else if (!input && !a.startsWith('--')) input = a;
    else {
      io.stderr(`refresh-agents: unexpected argument "${a}"\n${REFRESH_USAGE}`);
      return 2;
    }
  }
  if (!input || !data || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    io.stderr(`refresh-agents: ${!input ? 'ROBOTS_JSON is required' : 'bad --data or --date'}\n${REFRESH_USAGE}`);
    return 2;
  }
  try {
    const { yaml, report } = mergeRobotsJson(readFileSync(data, 'utf8'), parseRobotsJson(readFileSync(input, 'utf8')), {
      file: data,
      date,
    });
    io.stdout(
      `${dryRun ? '(dry run) ' : ''}${data}: ${report.added.length} added, ${report.respectChanged.length} respect updated, ${report.unchanged} unchanged, ${report.notInRobotsJson.length} kept that robots.json does not list, ${report.skipped.length} skipped\n`,
    );
    for (const a of report.added) io.stdout(`  + ${a.token} (${a.operator}, ${a.class})\n`);
    for (const c of report.respectChanged) io.stdout(`  ~ ${c.token}: respect ${c.from ?? '-'} → ${c.to}\n`);
    for (const s of report.skipped) io.stdout(`  ! ${JSON.stringify(s.name)}: ${s.reason}\n`);
    if (!dryRun) writeFileSync(data, yaml);
    return 0;
  } catch (e) {
    io.stderr(`refresh-agents: ${(e as Error).message}\n`);
    return 1;
  }
}
