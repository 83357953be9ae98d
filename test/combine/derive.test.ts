import { deriveAiTrainFromTdm } from '../../src/combine/derive';
import { Engine } from '../../src/engine/engine';
import { type Evidence, makeEvidence } from '../../src/model/evidence';
import { resources } from '../notices/helpers';

/** A TDM reservation binds AI training (AI Act Art. 53(1)(c)): derived, marked, in every channel. */
function ev(protocol: Evidence['protocol'], effects: Evidence['effects'], extra: Partial<Evidence> = {}): Evidence {
  return makeEvidence({
    signal: protocol === 'tdmrep' ? 'tdmrep-header' : 'notice-text',
    protocol,
    source: 'page',
    location: { kind: 'text', region: 'footer', start: 0, end: 1 },
    excerpt: JSON.stringify(effects),
    effects,
    confidence: 0.9,
    machineReadable: protocol !== 'notice',
    reservation: true,
    ...extra,
  });
}

describe('ai-train derived from a tdm reservation', () => {
  test('a restriction of tdm alone restricts ai-train the same way, marked derived', () => {
    const [d] = deriveAiTrainFromTdm([
      ev('notice', { tdm: 'conditional' }, { conditions: [{ kind: 'licence', text: 'licence' }] }),
    ]);
    expect(d!.effects).toEqual({ tdm: 'conditional', 'ai-train': 'conditional' });
    expect(d!.derived).toEqual({ 'ai-train': 'tdm' });
    expect(d!.conditions).toEqual([{ kind: 'licence', text: 'licence' }]);
  });

  test('a permission is not derived, and a statement about ai-train is never overridden', () => {
    const [allowed, explicit] = deriveAiTrainFromTdm([
      ev('notice', { tdm: 'allowed' }),
      ev('aipref', { tdm: 'denied', 'ai-train': 'allowed' }),
    ]);
    expect(allowed!.effects['ai-train']).toBeUndefined();
    expect(explicit!.effects['ai-train']).toBe('allowed');
    expect(explicit!.derived).toBeUndefined();
  });

  test('a protocol that answers ai-train itself keeps its answer (robots.txt: unnamed crawlers out, GPTBot in)', () => {
    const out = deriveAiTrainFromTdm([
      ev('robots-txt', { tdm: 'denied', search: 'denied' }),
      ev('robots-txt', { 'ai-train': 'conditional' }),
    ]);
    expect(out[0]!.effects['ai-train']).toBeUndefined();
  });

  test.each([
    [
      'a notice (§ 44b wording)',
      { body: 'Der Rechteinhaber behält sich das Text und Data Mining nach § 44b UrhG vor.', kind: 'text' as const },
    ],
    ['TDMRep', { body: '<p>x</p>', kind: 'html' as const, headers: { 'tdm-reservation': '1' } }],
    ['aipref (legacy tdm label)', { body: '<p>x</p>', kind: 'html' as const, headers: { 'content-usage': 'tdm=n' } }],
  ])('%s: the verdict says ai-train like tdm, decided by the same evidence', (_name, input) => {
    const v = new Engine({ resources: resources() }).check(input);
    expect(v.uses.tdm).toBe('denied');
    expect(v.uses['ai-train']).toBe('denied');
    const deciding = v.evidence.filter((e) => v.decidedBy['ai-train']?.includes(e.id));
    expect(deciding.length).toBeGreaterThan(0);
    for (const e of deciding) expect(e.derived).toEqual({ 'ai-train': 'tdm' });
    expect(v.exclude.training).toBe(true);
  });
});
