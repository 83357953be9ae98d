import type { Kysely } from 'kysely';
import type { Evidence } from '../../model/evidence.js';
import { canonicalJson, isoNow, sha256Hex } from '../hash.js';
import type { Database, EvidenceTable } from '../schema.js';

type EvidenceRow = Omit<EvidenceTable, 'id'> & { id: number };

/** Rows per multi-row INSERT: 14 columns × 300 stays far below SQLite's bound-parameter limit. */
const CHUNK = 300;

/** Splits an item into the queryable columns and the rest (kept verbatim in `extra_json`). */
function toRow(e: Evidence, rulesVersion: string, now: string): Omit<EvidenceTable, 'id'> {
  const {
    id,
    signal,
    protocol,
    source,
    location,
    excerpt,
    effects,
    confidence,
    ruleId,
    rulesVersion: own,
    ...extra
  } = e;
  const version = own ?? rulesVersion;
  return {
    evidence_id: id,
    content_sha256: sha256Hex(canonicalJson({ ...e, rulesVersion: version })),
    signal,
    protocol,
    source,
    location_json: JSON.stringify(location),
    excerpt,
    effects_json: JSON.stringify(effects),
    confidence,
    rule_id: ruleId ?? null,
    rules_version: version,
    extra_json: canonicalJson(extra),
    created_at: now,
  };
}

/**
 * Stores evidence items (identical items once) and returns their row ids in input order. Items are never
 * updated: a changed statement, location or rules version has a different content hash, so a new row.
 */
export async function storeEvidence(
  trx: Kysely<Database>,
  items: readonly Evidence[],
  rulesVersion: string,
  now: string = isoNow(),
): Promise<number[]> {
  if (items.length === 0) return [];
  const rows = items.map((e) => toRow(e, rulesVersion, now));
  const idByHash = new Map<string, number>();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await trx
      .insertInto('evidence')
      .values(chunk)
      .onConflict((oc) => oc.column('content_sha256').doNothing())
      .execute();
    const found = await trx
      .selectFrom('evidence')
      .select(['id', 'content_sha256'])
      .where(
        'content_sha256',
        'in',
        chunk.map((r) => r.content_sha256),
      )
      .execute();
    for (const f of found) idByHash.set(f.content_sha256, f.id);
  }
  return rows.map((r) => {
    const id = idByHash.get(r.content_sha256);
    if (id === undefined) throw new Error(`evidence ${r.evidence_id} was not stored`);
    return id;
  });
}

/** Rebuilds an item; `rulesVersion` is always set (the verdict's when the engine left it out). */
export function rowToEvidence(row: EvidenceRow): Evidence {
  const extra = JSON.parse(row.extra_json) as Partial<Evidence>;
  const e: Evidence = {
    id: row.evidence_id,
    signal: row.signal as Evidence['signal'],
    protocol: row.protocol as Evidence['protocol'],
    source: row.source as Evidence['source'],
    location: JSON.parse(row.location_json) as Evidence['location'],
    excerpt: row.excerpt,
    effects: JSON.parse(row.effects_json) as Evidence['effects'],
    confidence: row.confidence,
    machineReadable: false,
    reservation: false,
    ...extra,
  };
  if (row.rule_id !== null) e.ruleId = row.rule_id;
  if (row.rules_version !== null) e.rulesVersion = row.rules_version;
  return e;
}

/** The evidence of a verdict, in the order the engine produced it. */
export async function evidenceOfVerdict(db: Kysely<Database>, verdictId: number): Promise<Evidence[]> {
  const rows = await db
    .selectFrom('verdict_evidence as ve')
    .innerJoin('evidence as e', 'e.id', 've.evidence_row_id')
    .selectAll('e')
    .where('ve.verdict_id', '=', verdictId)
    .orderBy('ve.position')
    .execute();
  return rows.map(rowToEvidence);
}
