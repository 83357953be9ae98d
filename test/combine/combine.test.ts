import { combine, markSuperseded } from '../../src/combine/combine';
import { type Evidence, makeEvidence } from '../../src/model/evidence';
import { stricter, strictest } from '../../src/model/lattice';

function ev(partial: Partial<Evidence> & Pick<Evidence, 'signal' | 'protocol' | 'effects'>, content: string): Evidence {
  return makeEvidence({
    source: 'page',
    location: { kind: 'header', name: partial.signal, line: 0 },
    excerpt: content,
    confidence: 1,
    machineReadable: true,
    reservation: false,
    ...partial,
  });
}

describe('lattice', () => {
  test('denied > conditional > allowed > unknown', () => {
    expect(stricter('allowed', 'denied')).toBe('denied');
    expect(stricter('conditional', 'allowed')).toBe('conditional');
    expect(stricter('unknown', 'allowed')).toBe('allowed');
    expect(strictest([])).toBe('unknown');
  });
});

describe('combine', () => {
  test('within TDMRep the most specific carrier wins, even when more permissive; conflict kept', () => {
    const file = ev(
      { signal: 'tdmrep-file', protocol: 'tdmrep', carrierRank: 1, effects: { tdm: 'denied' }, reservation: true },
      'f',
    );
    const meta = ev({ signal: 'tdmrep-meta', protocol: 'tdmrep', carrierRank: 3, effects: { tdm: 'allowed' } }, 'm');
    const c = combine([file, meta]);
    expect(c.uses.tdm).toBe('allowed');
    // combine is pure: the superseded carrier is named, and marked only in the verdict's copy.
    expect([...c.superseded]).toEqual([file.id]);
    expect(file.superseded).toBeUndefined();
    const marked = markSuperseded([file, meta], c.superseded);
    expect(marked.map((e) => e.superseded)).toEqual([true, undefined]);
    expect(marked[1]).toBe(meta);
    expect(c.conflicts[0]).toMatchObject({ code: 'tdmrep_carrier_disagreement', resolved: 'allowed' });
  });

  test('across protocols denied wins; a page allow does not cancel a site deny', () => {
    const page = ev({ signal: 'content-usage-header', protocol: 'aipref', effects: { 'ai-train': 'allowed' } }, 'p');
    const site = ev(
      {
        signal: 'robots-txt',
        protocol: 'robots-txt',
        source: 'site',
        effects: { 'ai-train': 'denied' },
        reservation: true,
      },
      's',
    );
    const c = combine([page, site]);
    expect(c.uses['ai-train']).toBe('denied');
    expect(c.decidedBy['ai-train']).toEqual([site.id]);
    expect(c.conflicts).toHaveLength(1);
    expect(c.conflicts[0]!.values.map((v) => v.permission)).toEqual(['denied', 'allowed']);
  });

  test('conditions of the deciding evidence are merged', () => {
    const a = ev(
      {
        signal: 'cc-license',
        protocol: 'creative-commons',
        effects: { redistribution: 'conditional' },
        conditions: [{ kind: 'attribution' }],
      },
      'a',
    );
    const b = ev(
      {
        signal: 'schema-org',
        protocol: 'schema-org',
        effects: { redistribution: 'conditional' },
        conditions: [{ kind: 'licence', text: 'x' }],
      },
      'b',
    );
    const c = combine([a, b]);
    expect(c.conditions.redistribution?.map((x) => x.kind)).toEqual(['attribution', 'licence']);
  });

  test('agent-scoped evidence applies only when evaluating for that agent', () => {
    const scoped = ev(
      { signal: 'x-robots-tag', protocol: 'robots-meta', effects: { search: 'denied' }, agents: ['gptbot'] },
      'x',
    );
    expect(combine([scoped]).uses.search).toBe('unknown');
    expect(combine([scoped], { agent: 'GPTBot' }).uses.search).toBe('denied');
  });

  test('evidence ids are stable across offsets but change with content', () => {
    const a = makeEvidence({
      signal: 'notice-text',
      protocol: 'notice',
      source: 'page',
      location: { kind: 'text', region: 'footer', start: 10, end: 20 },
      excerpt: 'TDM  reserved',
      effects: {},
      confidence: 1,
      machineReadable: false,
      reservation: false,
    });
    const b = makeEvidence({
      signal: 'notice-text',
      protocol: 'notice',
      source: 'page',
      location: { kind: 'text', region: 'footer', start: 900, end: 910 },
      excerpt: 'tdm reserved',
      effects: {},
      confidence: 1,
      machineReadable: false,
      reservation: false,
    });
    const c = makeEvidence({
      signal: 'notice-text',
      protocol: 'notice',
      source: 'page',
      location: { kind: 'text', region: 'footer', start: 10, end: 20 },
      excerpt: 'tdm allowed',
      effects: {},
      confidence: 1,
      machineReadable: false,
      reservation: false,
    });
    expect(a.id).toBe(b.id);
    expect(a.id).not.toBe(c.id);
    expect(a.id).toMatch(/^ev_[0-9a-f]{16}$/);
  });
});
