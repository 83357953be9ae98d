import { defaultResources } from '../../src/resources/resources';
import { AGENT_CLASSES, isProductToken, parseAgents } from '../../src/rules/agents';

const minimal = (extra: string) =>
  `agents:\n  - {token: GPTBot, operator: OpenAI, class: training, source: s}\n  - {token: Googlebot, operator: Google, class: search-engine, source: s}\n${extra}`;

describe('agent registry (data/agents.yaml) schema v2', () => {
  const reg = defaultResources().agents;

  test('the shipped registry: every major training operator can be blocked, every class has uses', () => {
    expect(reg.size).toBeGreaterThan(100);
    for (const op of reg.majorTrainingOperators)
      expect([op, reg.byOperator(op).some((a) => reg.usesOf(a).includes('ai-train'))]).toEqual([op, true]);
    expect(reg.majorSearchEngines).toEqual(['googlebot', 'bingbot']);
    for (const c of AGENT_CLASSES) expect(reg.classUses[c]).toBeDefined();
    expect(reg.usesOf(reg.get('google-extended')!)).toEqual(['ai-train', 'ai-input']);
    expect(reg.usesOf(reg.get('gptbot')!)).toEqual(['ai-train', 'tdm']);
  });

  test('names that are not RFC 9309 product tokens are kept and marked', () => {
    expect(reg.get('ai2bot')?.validToken).toBe(false);
    expect(reg.get('iaskspider/2.0')?.validToken).toBe(false);
    expect(reg.get('chatgpt agent')?.validToken).toBe(false);
    expect(reg.get('gptbot')?.validToken).toBe(true);
    expect(isProductToken('Google-Extended')).toBe(true);
  });

  test('errors name the file and the field', () => {
    expect(() => parseAgents(minimal('major_training_operators: [OpenAI, Nobody]\n'), 'a.yaml')).toThrow(
      'a.yaml: major_training_operators[1]: no agent has operator "Nobody"',
    );
    expect(() => parseAgents(minimal('major_search_engines: [bingbot]\n'), 'a.yaml')).toThrow(
      'a.yaml: major_search_engines[0]: "bingbot" is not a listed agent',
    );
    expect(() => parseAgents(minimal('class_uses: {training: [ai-training]}\n'), 'a.yaml')).toThrow(
      'a.yaml: class_uses.training[0]: must be one of',
    );
    expect(() => parseAgents(minimal('class_uses: {spy: [search]}\n'), 'a.yaml')).toThrow('a.yaml: class_uses.spy:');
    expect(() => parseAgents(minimal('function_classes: [{match: x, class: spy}]\n'), 'a.yaml')).toThrow(
      'a.yaml: function_classes[0].class:',
    );
    expect(() =>
      parseAgents('agents:\n  - {token: X, operator: O, class: training, source: s, uses: [everything]}\n', 'a.yaml'),
    ).toThrow('a.yaml: agents[0].uses[0]: must be one of');
    expect(() => parseAgents('agents: [', 'a.yaml')).toThrow('a.yaml: (yaml):');
  });

  test('optional sections may be absent (older registries load)', () => {
    const r = parseAgents(minimal(''), 'a.yaml');
    expect(r.majorTrainingOperators).toEqual([]);
    expect(r.usesOf(r.get('gptbot')!)).toEqual([]);
  });
});
