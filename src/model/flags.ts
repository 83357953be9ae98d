/**
 * Flags name invalid, legacy or noteworthy syntax. Codes are stable strings (snake_case) so that
 * pipelines can filter on them; `detail` says what exactly was seen.
 */
export interface Flag {
  code: string;
  detail?: string;
  evidenceId?: string;
}

export function flag(code: string, detail?: string, evidenceId?: string): Flag {
  const f: Flag = { code };
  if (detail !== undefined) f.detail = detail;
  if (evidenceId !== undefined) f.evidenceId = evidenceId;
  return f;
}

/**
 * Flags that ask for a person: the engine could not fully decide (`analysis_truncated`: rights language
 * past the analysis budget was not read; `notice_uncertain`: a passage that looks like a rights statement
 * was set aside or found with low confidence; `check_budget_exceeded`: the check's time budget ran out before
 * every part of the page was examined). A verdict carrying one goes to the review queue; a profile
 * may also exclude on it (`exclude_on_flags`).
 */
export const REVIEW_FLAGS = ['analysis_truncated', 'notice_uncertain', 'check_budget_exceeded'] as const;
export type ReviewFlag = (typeof REVIEW_FLAGS)[number];

export function needsReview(flags: readonly Flag[]): boolean {
  return flags.some((f) => (REVIEW_FLAGS as readonly string[]).includes(f.code));
}
