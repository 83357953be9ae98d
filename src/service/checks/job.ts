import type { Analysis, Engine } from '../../engine/engine.js';
import { InputError } from '../../engine/errors.js';
import type { HeaderLine } from '../../model/headers.js';
import type { SiteInput } from '../../model/siteInput.js';
import type { Verdict } from '../../model/verdict.js';
import { textExcerpt } from '../../store/excerpt.js';
import { type BodyDigest, bodyDigest, type TextExcerpt } from '../../store/repos/fetches.js';

/**
 * One page check as it crosses to a worker thread and back: plain, structured-clone friendly data (no
 * classes, no Maps). The HTTP thread resolves site files and stores results; the worker only computes.
 */
export interface CheckJob {
  url: string;
  headers: HeaderLine[];
  body: string;
  kind: 'html' | 'text';
  profile?: string;
  agent?: string;
  site?: SiteInput;
  /** The check's time budget (ms); see src/detect/clock.ts. */
  budgetMs?: number;
  /** 8 shared bytes where the worker writes when it started the job (ms since the epoch; the hard limit). */
  started?: SharedArrayBuffer;
  /** Keep a text excerpt of at most this many characters (null: nothing is stored, no excerpt). */
  excerptChars: number | null;
}

export type CheckOutcome =
  | {
      ok: true;
      verdict: Verdict;
      title: string | null;
      textExcerpt: TextExcerpt | null;
      /** Hashed here, off the HTTP thread, for the fetch row (null when nothing is stored). */
      bodyDigest: BodyDigest | null;
    }
  /** The engine refused the input (InputError); any other failure is thrown. */
  | { ok: false; code: InputError['code']; message: string };

/** Runs one job on an engine that captures the extracted page (the same code inline and in a worker). */
export function runCheckJob(engine: Engine, job: CheckJob): CheckOutcome {
  if (job.started) Atomics.store(new BigInt64Array(job.started), 0, BigInt(Date.now()));
  let analysis: Analysis;
  try {
    analysis = engine.analyze(
      { url: job.url, headers: job.headers, body: job.body, kind: job.kind },
      {
        profile: job.profile,
        agent: job.agent,
        site: job.site,
        budgetMs: job.budgetMs,
      },
    );
  } catch (e) {
    if (e instanceof InputError) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
  const { verdict, page } = analysis;
  return {
    ok: true,
    verdict,
    title: page.title ?? null,
    textExcerpt: job.excerptChars === null ? null : textExcerpt(page, verdict.evidence, job.excerptChars),
    bodyDigest: job.excerptChars === null ? null : bodyDigest(job.body),
  };
}
