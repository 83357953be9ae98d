import { canonicalJson } from '../store/hash.js';
import type { ReportHeader, ReportItem } from './report.js';

/**
 * The audit report as canonical JSON (RFC 8785 style: keys sorted at every level, no whitespace):
 * `{"header":{...},"items":[...]}`. Same database, filters and generation time → the same bytes, so the
 * sha256 the audit log records for the export identifies the file.
 */
export async function* reportJson(header: ReportHeader, items: AsyncIterable<ReportItem>): AsyncGenerator<string> {
  yield `{"header":${canonicalJson(header)},"items":[`;
  let first = true;
  for await (const item of items) {
    yield first ? canonicalJson(item) : `,${canonicalJson(item)}`;
    first = false;
  }
  yield ']}';
}
