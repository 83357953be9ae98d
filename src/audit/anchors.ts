import { appendFileSync, existsSync, readFileSync } from 'node:fs';

/**
 * Anchors kept outside the database: one line per checkpoint, `<time> #<entry id> <head hash>`. An anchor
 * is the audit log's head hash after a checkpoint; `audit verify` requires the newest anchor to still be
 * in the chain, so cutting entries from the end of the log (even with SQLite's sequence lowered) is
 * caught. The file is only as safe as where it lives: by default next to the database
 * (`<db>.anchors`), better on another volume or machine (`--anchor-file`), and best copied elsewhere
 * from `clearance audit checkpoint`'s output.
 */
export function defaultAnchorFile(dbPath: string): string | null {
  return dbPath === ':memory:' ? null : `${dbPath}.anchors`;
}

export function appendAnchor(file: string, entryId: number, anchor: string, at = new Date()): void {
  appendFileSync(file, `${at.toISOString()} #${entryId} ${anchor}\n`, { mode: 0o600 });
}

/** The newest anchor in the file, or null when there is no file (or no line in it). */
export function lastAnchor(file: string): { entryId: number; anchor: string } | null {
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^\S+ #(\d+) ([0-9a-f]{64})$/.exec(lines[i]!.trim());
    if (m) return { entryId: Number(m[1]), anchor: m[2]! };
  }
  return null;
}
