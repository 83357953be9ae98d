import { createHash } from 'node:crypto';

/**
 * Tamper-evident audit log: every entry holds the hash of the previous one, and its own hash covers its
 * content and that link. Editing, deleting or reordering any entry breaks the chain from there on.
 * Canonical JSON (sorted keys, no whitespace) makes the hash independent of key order in storage.
 */
export interface AuditEntryContent {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  details: unknown;
}

export interface AuditEntry extends AuditEntryContent {
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const o = value as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

export function entryHash(content: AuditEntryContent, prevHash: string): string {
  const { seq, at, actor, action, subject, details } = content;
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonicalJson({ seq, at, actor, action, subject, details }))
    .digest('hex');
}

export function chainEntry(content: AuditEntryContent, prevHash: string): AuditEntry {
  return { ...content, prevHash, hash: entryHash(content, prevHash) };
}

export type VerifyResult =
  | { ok: true; entries: number }
  | { ok: false; entries: number; brokenSeq: number; reason: string };

/** Streams through entries in sequence order; names the first broken entry. */
export class ChainVerifier {
  private prev = GENESIS_HASH;
  private expectedSeq: number | null = null;
  private count = 0;
  private broken: { seq: number; reason: string } | null = null;

  push(e: AuditEntry): boolean {
    if (this.broken) return false;
    this.count++;
    if (this.expectedSeq !== null && e.seq !== this.expectedSeq) {
      this.broken = {
        seq: e.seq,
        reason: `sequence gap: expected entry ${this.expectedSeq}, found ${e.seq} (entries deleted?)`,
      };
      return false;
    }
    if (e.prevHash !== this.prev) {
      this.broken = { seq: e.seq, reason: 'prev_hash does not match the previous entry (entry removed or reordered)' };
      return false;
    }
    const h = entryHash(e, e.prevHash);
    if (h !== e.hash) {
      this.broken = { seq: e.seq, reason: 'content does not match its hash (entry edited)' };
      return false;
    }
    this.prev = e.hash;
    this.expectedSeq = e.seq + 1;
    return true;
  }

  result(): VerifyResult {
    return this.broken
      ? { ok: false, entries: this.count, brokenSeq: this.broken.seq, reason: this.broken.reason }
      : { ok: true, entries: this.count };
  }
}

export function verifyChain(entries: Iterable<AuditEntry>): VerifyResult {
  const v = new ChainVerifier();
  for (const e of entries) if (!v.push(e)) break;
  return v.result();
}
