import type { Location } from '../model/evidence.js';
import { USES } from '../model/uses.js';
import type { Verdict } from '../model/verdict.js';

function where(loc: Location): string {
  switch (loc.kind) {
    case 'header':
      return `header ${loc.name} (line ${loc.line + 1})`;
    case 'element':
      return `<${loc.element}${loc.attribute ? ` ${loc.attribute}` : ''}> @${loc.start}-${loc.end}`;
    case 'text':
      return `${loc.region} text @${loc.start}-${loc.end}`;
    case 'file':
      return `${loc.file}${loc.line ? `:${loc.line}` : ''}${loc.group ? ` [${loc.group.join(', ')}]` : ''}`;
  }
}

/** A verdict as a short human-readable report: uses table, exclusion, evidence lines, conflicts, flags. */
export function formatVerdictText(v: Verdict, file?: string): string {
  const lines: string[] = [];
  lines.push(`${file ? `${file}  ` : ''}${v.url ?? '(no url)'}  [profile ${v.profile}, rules ${v.rulesVersion}]`);
  lines.push(
    `language: ${v.language ?? 'unknown'}   reservation: ${v.reservation ? 'yes' : 'no'}${v.machineReadableReservation ? ' (machine-readable)' : ''}`,
  );
  lines.push(
    `exclude: training=${v.exclude.training ? 'YES' : 'no'}  redistribution=${v.exclude.redistribution ? 'YES' : 'no'}`,
  );
  lines.push('');
  const width = Math.max(...USES.map((u) => u.length));
  for (const u of USES) {
    const conds = v.conditions[u]?.map((c) => c.text ?? c.kind).join('; ');
    lines.push(`  ${u.padEnd(width)}  ${v.uses[u].padEnd(11)}${conds ? `  (${conds})` : ''}`);
  }
  lines.push('');
  if (v.evidence.length === 0) lines.push('evidence: none');
  else lines.push(`evidence (${v.evidence.length}):`);
  for (const e of v.evidence) {
    const effects = Object.entries(e.effects)
      .map(([u, p]) => `${u}=${p}`)
      .join(' ');
    lines.push(
      `  ${e.id} ${e.signal} [${e.source}] ${where(e.location)} conf=${e.confidence.toFixed(2)}${e.superseded ? ' (superseded)' : ''}${e.agents ? ` agents=${e.agents.join(',')}` : ''}`,
    );
    if (effects) lines.push(`      → ${effects}`);
    lines.push(`      "${e.excerpt.replace(/\s+/g, ' ').slice(0, 160)}"`);
  }
  for (const c of v.conflicts)
    lines.push(
      `conflict ${c.code} on ${c.use}: ${c.values.map((x) => `${x.protocol}=${x.permission}`).join(' vs ')} → ${c.resolved}`,
    );
  for (const f of v.flags) lines.push(`flag ${f.code}${f.detail ? `: ${f.detail}` : ''}`);
  if (v.agent)
    lines.push(`agent ${v.agent.token}: ${v.agent.mayFetch ? 'may fetch' : 'may NOT fetch'} (${v.agent.reason})`);
  return `${lines.join('\n')}\n`;
}
