import type { Engine } from '../../engine/engine.js';
import { InputError } from '../../engine/errors.js';
import { exclusionRecord } from '../../export/exclusion.js';
import type { HeadersInput } from '../../model/headers.js';
import type { SiteInput } from '../../model/siteInput.js';
import type { Verdict } from '../../model/verdict.js';
import { provenance, toSiteInput } from '../sites/siteFiles.js';
import type { SitesDir } from '../sites/sitesDir.js';
import { pageStats } from './pageTask.js';
import type { FilterConfig, LineTask, TaskResult, WorkerConfig } from './tasks.js';

/** Does the verdict keep a dataset line out, for the chosen use? */
export function dropFor(v: Verdict, config: FilterConfig): boolean {
  // ai-train and tdm follow the profile's training rule, redistribution its redistribution rule: the same
  // decisions as the exclusion list. Other uses have no profile rule: denied drops, conditional on request.
  if (config.use === 'ai-train' || config.use === 'tdm') return v.exclude.training;
  if (config.use === 'redistribution') return v.exclude.redistribution;
  const p = v.uses[config.use];
  return p === 'denied' || (config.dropConditional && p === 'conditional');
}

/**
 * The dropped line: the original object with one more field (the annotation) inserted as text, so the rest
 * of the line stays byte for byte what it was (no number reformatting, no key reordering). When the object
 * already has a field of that name, the line is wrapped instead: {"<field>": annotation, "record": original}.
 */
export function annotate(raw: string, obj: Record<string, unknown>, field: string, annotation: unknown): string {
  const a = JSON.stringify(annotation);
  if (Object.hasOwn(obj, field)) return `{${JSON.stringify(field)}:${a},"record":${raw.trim()}}\n`;
  const body = raw.trim();
  const rest = body.slice(1).trimStart();
  return rest.startsWith('}') ? `{${JSON.stringify(field)}:${a}}\n` : `{${JSON.stringify(field)}:${a},${rest}\n`;
}

function headersOf(value: unknown): HeadersInput {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value as [string, string][];
  if (typeof value === 'object') return value as Record<string, string | string[]>;
  throw new InputError('bad_input', 'headers must be an object or an array of [name, value] pairs');
}

/** Filters one dataset line. Never throws: a line that cannot be read or checked is dropped with its error. */
export function filterLine(
  engine: Engine,
  config: WorkerConfig,
  sitesDir: SitesDir | null,
  task: LineTask,
): TaskResult {
  const fc = config.filter!;
  const raw = Buffer.from(task.line.buffer, task.line.byteOffset, task.line.byteLength).toString('utf8');
  const dropError = (code: string, message: string, url: string | null): TaskResult => ({
    seq: task.seq,
    kind: 'dropped',
    out: `${JSON.stringify({
      [fc.annotationField]: { use: fc.use, reason: 'error', error: { code, message }, line: task.source.line },
      raw,
    })}\n`,
    stats: null,
    reason: 'error',
    error: { code, message },
    url,
  });
  let obj: unknown;
  try {
    obj = JSON.parse(raw);
  } catch (e) {
    return dropError('bad_json', `not JSON: ${(e as Error).message}`, null);
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj))
    return dropError('bad_line', 'line is not a JSON object', null);
  const rec = obj as Record<string, unknown>;
  const urlValue = rec[fc.urlField];
  const url = typeof urlValue === 'string' && urlValue !== '' ? urlValue : null;
  const html = rec[fc.htmlField];
  const text = rec[fc.textField];
  const body = typeof html === 'string' ? html : typeof text === 'string' ? text : null;
  if (body === null) return dropError('no_content', `no string field "${fc.htmlField}" or "${fc.textField}"`, url);
  let site: SiteInput | undefined;
  let siteFiles: Record<string, string> | undefined;
  let verdict: Verdict;
  try {
    const parsed = engine.parseUrl(url);
    if (parsed && sitesDir) {
      const sel = sitesDir.forOrigin(parsed.origin);
      if (sel) {
        site = toSiteInput(sel);
        siteFiles = provenance(sel);
      }
    }
    verdict = engine.check(
      { url, headers: headersOf(rec[fc.headersField]), body, kind: typeof html === 'string' ? 'html' : 'text' },
      {
        profile: config.profile,
        agent: config.agent ?? null,
        site,
      },
    );
  } catch (e) {
    if (e instanceof InputError) return dropError(e.code, e.message, url);
    return dropError('check_failed', e instanceof Error ? e.message : String(e), url);
  }
  const stats = pageStats(verdict);
  if (!dropFor(verdict, fc))
    return {
      seq: task.seq,
      kind: 'kept',
      // The original bytes, untouched (even if they are not valid UTF-8); the writer adds the newline.
      out: task.line,
      stats,
      reason: 'kept',
      url,
    };
  const ex = exclusionRecord(verdict);
  const annotation: Record<string, unknown> = {
    use: fc.use,
    permission: verdict.uses[fc.use],
    reason: ex.reasons.join('; ') || `${fc.use} excluded by profile ${verdict.profile}`,
    evidence_ids: ex.evidence_ids,
    signals: stats.signals,
    exclude: verdict.exclude,
    profile: verdict.profile,
    rules_version: verdict.rulesVersion,
    line: task.source.line,
  };
  if (siteFiles) annotation.site_files = siteFiles;
  return {
    seq: task.seq,
    kind: 'dropped',
    out: annotate(raw, rec, fc.annotationField, annotation),
    stats,
    reason: `${fc.use}:${verdict.uses[fc.use]}`,
    url,
  };
}
