import { join } from 'node:path';
import { loadNoticeRules, TRIGGERS_FILE } from './load.js';
import { TemplateMatcher, type TemplateMatcherOptions } from './matcher.js';
import { loadTriggers } from './triggers.js';

export { type CompiledTemplates, compileTemplates } from './compile.js';
/**
 * Known notices (templates): rules as data under `rules/notices/<lang>/<id>.md`, a staged matcher, and
 * matches with exact offsets into the original text. Public API used by the notice-text detector.
 */
export { loadNoticeRules, RULE_EXTENSIONS, TRIGGERS_FILE } from './load.js';
export type { ClosestRule, TemplateAnalysis, TemplateMatch, TemplateStage, TemplateTrace } from './match.js';
export { TEMPLATE_STAGES } from './match.js';
export { SHORT_RULE_WORDS, TemplateMatcher, type TemplateMatcherOptions, WINDOW_THRESHOLDS } from './matcher.js';
export { defaultMinimumCoverage, defaultRelevance, parseNoticeRule } from './parse.js';
export { NOTICE_KINDS, type NoticeKind, type NoticeRule } from './rule.js';
export { loadTriggers, parseTriggers, type Triggers } from './triggers.js';

/**
 * Rules and prefilter triggers from `dir` (normally `<rulesDir>/notices`), validated, compiled into a
 * matcher. Build it once per process: compilation normalises every rule.
 */
export function loadTemplateMatcher(
  dir: string,
  options: Omit<TemplateMatcherOptions, 'triggers'> = {},
): TemplateMatcher {
  const rules = loadNoticeRules(dir);
  const triggers = loadTriggers(join(dir, TRIGGERS_FILE));
  return new TemplateMatcher(rules, { ...options, triggers });
}
