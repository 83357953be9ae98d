import { type DetectorResult, type PageContext, type PageDetector, result } from '../../detect/page.js';
import { type Evidence, type Location, makeEvidence } from '../../model/evidence.js';
import { type Flag, flag } from '../../model/flags.js';
import type { HeaderLine } from '../../model/headers.js';

/**
 * W3C TDMRep (CG Final Report 2024-05-10) on the page: `tdm-reservation` / `tdm-policy` response headers
 * and `<meta name="tdm-reservation|tdm-policy">` (also EPUB 2's `tdm:reservation`). Values are exactly
 * `1` or `0`; anything else is a protocol error and the property stays unset (flag `tdm_invalid`).
 * Carrier ranks implement the spec's order file (1) < header (2) < meta (3); the combiner applies it.
 */
export const CARRIER_RANK = { file: 1, header: 2, meta: 3 } as const;

export interface TdmStatement {
  reservation: '1' | '0';
  policy?: string;
}

/**
 * Effects of a valid TDMRep statement. A policy makes the reservation conditional (licence terms exist).
 * TDMRep speaks about text and data mining; `ai-train` takes the same value because training is TDM under
 * EU law (src/combine/derive.ts), and is marked derived so the verdict says why. It is set here rather than
 * by the engine's derivation because TDMRep's carrier order (file < header < meta) must decide it too.
 */
export function tdmEffects(s: TdmStatement): Pick<Evidence, 'effects' | 'conditions' | 'derived'> {
  const derived = { 'ai-train': 'tdm' } as const;
  if (s.reservation === '0') return { effects: { tdm: 'allowed', 'ai-train': 'allowed' }, derived };
  if (s.policy) {
    return {
      effects: { tdm: 'conditional', 'ai-train': 'conditional' },
      conditions: [{ kind: 'licence', text: `terms in TDM policy ${s.policy}` }],
      derived,
    };
  }
  return { effects: { tdm: 'denied', 'ai-train': 'denied' }, derived };
}

export function parseReservationValue(raw: string): '1' | '0' | null {
  const v = raw.trim();
  return v === '1' || v === '0' ? v : null;
}

function headerEvidence(ctx: PageContext, flags: Flag[]): Evidence[] {
  const res = ctx.headers.filter((h) => h.name === 'tdm-reservation');
  const pol = ctx.headers.filter((h) => h.name === 'tdm-policy');
  if (res.length === 0) {
    if (pol.length > 0) flags.push(flag('tdm_policy_without_reservation', 'tdm-policy header without tdm-reservation'));
    return [];
  }
  const valid = res.map((h) => ({ h, v: parseReservationValue(h.value) }));
  for (const { h, v } of valid)
    if (v === null) flags.push(flag('tdm_invalid', `tdm-reservation header value "${h.value}"`));
  const values = new Set(valid.filter((x) => x.v !== null).map((x) => x.v));
  if (values.size > 1) flags.push(flag('tdm_duplicate', 'tdm-reservation headers disagree; the reservation is kept'));
  const first = valid.find((x) => x.v === '1') ?? valid.find((x) => x.v !== null);
  if (!first) return [];
  return [build(ctx, 'tdmrep-header', first.h, { reservation: first.v!, policy: pol[0]?.value || undefined }, pol[0])];
}

function build(
  _ctx: PageContext,
  signal: 'tdmrep-header' | 'tdmrep-meta',
  at: HeaderLine | { start: number; end: number; raw: string },
  s: TdmStatement,
  policyLine?: HeaderLine | { raw: string },
): Evidence {
  const { effects, conditions, derived } = tdmEffects(s);
  const location: Location =
    'name' in at
      ? { kind: 'header', name: 'tdm-reservation', line: at.line }
      : {
          kind: 'element',
          element: 'meta',
          attribute: 'name=tdm-reservation',
          start: at.start,
          end: at.end,
          region: 'head',
        };
  const rawRes = 'name' in at ? `tdm-reservation: ${at.value}` : at.raw;
  const rawPol = policyLine ? ('name' in policyLine ? `\ntdm-policy: ${policyLine.value}` : `\n${policyLine.raw}`) : '';
  return makeEvidence({
    signal,
    protocol: 'tdmrep',
    source: 'page',
    location,
    excerpt: rawRes + rawPol,
    idContent: `${s.reservation}|${s.policy ?? ''}`,
    effects,
    conditions,
    derived,
    confidence: 1,
    machineReadable: true,
    reservation: s.reservation === '1',
    carrierRank: signal === 'tdmrep-header' ? CARRIER_RANK.header : CARRIER_RANK.meta,
    details: { reservation: Number(s.reservation), policy: s.policy ?? null },
  });
}

function metaEvidence(ctx: PageContext, flags: Flag[]): Evidence[] {
  const named = (names: string[]) =>
    ctx.page.metas.filter((m) => m.name && names.includes(m.name.trim().toLowerCase()));
  const res = named(['tdm-reservation', 'tdm:reservation']);
  const pol = named(['tdm-policy', 'tdm:policy']);
  if (res.length === 0) return [];
  const valid = res.map((m) => ({ m, v: parseReservationValue(m.content ?? '') }));
  for (const { m, v } of valid)
    if (v === null) flags.push(flag('tdm_invalid', `meta tdm-reservation content "${m.content ?? ''}"`));
  const first = valid.find((x) => x.v === '1') ?? valid.find((x) => x.v !== null);
  if (!first) return [];
  const src = ctx.page.source;
  const p = pol[0];
  return [
    build(
      ctx,
      'tdmrep-meta',
      { start: first.m.start, end: first.m.end, raw: src.slice(first.m.start, first.m.end) },
      { reservation: first.v!, policy: p?.content?.trim() || undefined },
      p ? { raw: src.slice(p.start, p.end) } : undefined,
    ),
  ];
}

export const tdmrepDetector: PageDetector = {
  name: 'tdmrep',
  detect(ctx): DetectorResult {
    const flags: Flag[] = [];
    return result([...headerEvidence(ctx, flags), ...metaEvidence(ctx, flags)], flags);
  },
};
