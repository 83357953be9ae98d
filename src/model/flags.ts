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
