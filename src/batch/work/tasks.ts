import type { HeaderLine } from '../../model/headers.js';
import type { SiteInput } from '../../model/siteInput.js';
import type { Use, UseMap } from '../../model/uses.js';
import type { Verdict } from '../../model/verdict.js';
import type { TextExcerpt } from '../../store/repos/fetches.js';

/**
 * Messages between the batch coordinator (main thread) and its workers. Everything here is structured-
 * clone friendly (plain objects, arrays, Uint8Array); no classes cross the thread boundary.
 */

/** Where an item came from, repeated in every output line about it. */
export interface SourceRef {
  file: string;
  offset: number;
  /** WARC: record inside a multi-record gzip member (omitted when 0). */
  indexInMember?: number;
  /** JSONL: 1-based line number. */
  line?: number;
  recordId?: string | null;
  date?: string | null;
}

/** scan-warc: one HTML (or to-be-sniffed) response to check. */
export interface PageTask {
  type: 'page';
  seq: number;
  source: SourceRef;
  url: string;
  status: number | null;
  headers: [string, string][];
  /** HTTP payload as stored in the record. */
  body: Uint8Array;
  /** Undo Transfer-Encoding / Content-Encoding first (response records; not resource records). */
  decode: boolean;
  /** Content-Type did not say HTML: check only if the bytes look like HTML. */
  sniff: boolean;
  /** WARC-Truncated value (the crawler cut the payload), if any. */
  truncated: string | null;
  /** Key of the SiteInput that applies (sent to the worker with or before this task). */
  siteKey: string | null;
  /** Provenance of the site files behind `siteKey`, for the verdict line. */
  siteFiles: Record<string, string> | null;
}

/** filter: one raw JSONL line of a dataset. */
export interface LineTask {
  type: 'line';
  seq: number;
  source: SourceRef;
  line: Uint8Array;
}

export type Task = PageTask | LineTask;

/** Facts about one decided page that the run summary counts. */
export interface PageStats {
  domain: string;
  language: string | null;
  signals: string[];
  uses: UseMap;
  excludeTraining: boolean;
  excludeRedistribution: boolean;
  reservation: boolean;
}

export interface ErrorInfo {
  code: string;
  message: string;
}

export type TaskResult =
  /** scan-warc: a verdict line, and exclusion lines when the page is excluded for training or redistribution. */
  | {
      seq: number;
      kind: 'verdict';
      verdictLine: string;
      exclusionJsonl: string | null;
      exclusionCsv: string | null;
      stats: PageStats;
      /** --store: what the database keeps of the page (the service's ingest input, minus site snapshots). */
      ingest?: StoreItem;
    }
  /** scan-warc: sniffed and not HTML after all. */
  | { seq: number; kind: 'not_html' }
  /** The item could not be checked; `verdictLine` carries the error for the verdict output when set. */
  | { seq: number; kind: 'failed'; error: ErrorInfo; verdictLine: string | null; url: string | null }
  /** filter: the original line (kept verbatim) or the annotated dropped line. */
  | {
      seq: number;
      kind: 'kept' | 'dropped';
      /** A string ends with "\n"; bytes (a kept line as read) get one added by the writer. */
      out: string | Uint8Array;
      stats: PageStats | null;
      reason: string;
      error?: ErrorInfo;
      url: string | null;
    };

export interface StoreItem {
  verdict: Verdict;
  headers: HeaderLine[];
  /** The payload as checked (decoded), for the fetch's hash (and body, with --store-bodies). */
  body: Uint8Array;
  title: string | null;
  textExcerpt: TextExcerpt | null;
}

/** Options every worker receives at start (workerData). */
export interface WorkerConfig {
  profile?: string;
  agent?: string | null;
  /** Engine input limit (bytes). */
  maxBytes: number;
  /** Whole verdict (evidence, conditions, conflicts) in each verdict line. */
  fullVerdicts: boolean;
  /** filter only. */
  filter?: FilterConfig;
  /** filter: --sites DIR, read lazily by each worker. */
  sitesDir?: string | null;
  /** scan-warc --store: return what the database keeps of each page. */
  store?: { maxExcerptChars: number } | null;
}

export interface FilterConfig {
  use: Use;
  urlField: string;
  textField: string;
  htmlField: string;
  headersField: string;
  /** Name of the object added to dropped lines. */
  annotationField: string;
  /** Drop `conditional` for uses without a profile rule (search, ai-input, commercial, derivatives). */
  dropConditional: boolean;
}

export interface BatchRequest {
  type: 'batch';
  id: number;
  tasks: Task[];
  /** SiteInputs this worker has not received yet. */
  sites: [string, SiteInput][];
}

export interface BatchResponse {
  type: 'done';
  id: number;
  results: TaskResult[];
}

export interface WorkerFatal {
  type: 'fatal';
  message: string;
}
