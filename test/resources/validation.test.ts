import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProfiles, parseProfile } from '../../src/policy/profile';
import { loadResources } from '../../src/resources/resources';
import { parseAgents } from '../../src/rules/agents';
import { parseCcTable } from '../../src/rules/ccLicences';

describe('rule and data files are validated on load with errors naming file and field', () => {
  test('the shipped rules and data load', () => {
    const r = loadResources();
    expect([...r.profiles.keys()]).toEqual(expect.arrayContaining(['conservative', 'eu-statutory']));
    expect(r.cc.licences.get('by-nc-sa')?.prohibits).toEqual(['commercial-use']);
    expect(r.agents.get('gptbot')?.class).toBe('training');
    expect(r.rulesVersion).toMatch(/^\d+\.\d+\.\d+\+[0-9a-f]{7}$/);
  });

  test('profile: bad use name', () => {
    expect(() =>
      parseProfile(
        'id: x\ndescription: d\ntraining: {uses: [ai-training], exclude_when: [denied]}\nredistribution: {uses: [redistribution]}\n',
        'rules/profiles/x.yaml',
      ),
    ).toThrow('rules/profiles/x.yaml: training.uses[0]: must be one of');
  });

  test('profile: missing description, bad YAML', () => {
    expect(() => parseProfile('id: x\n', 'p.yaml')).toThrow('p.yaml: description:');
    expect(() => parseProfile('id: [', 'p.yaml')).toThrow('p.yaml: (yaml):');
  });

  test('profiles folder without the default profile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'profiles-'));
    writeFileSync(
      join(dir, 'a.yaml'),
      'id: a\ndescription: d\ntraining: {uses: [tdm], exclude_when: [denied]}\nredistribution: {uses: [redistribution]}\n',
    );
    expect(() => loadProfiles(dir)).toThrow(/default profile "conservative" is missing/);
  });

  test('agents: unknown class, duplicate token', () => {
    expect(() => parseAgents('agents:\n  - {token: X, operator: O, class: spy, source: s}\n', 'agents.yaml')).toThrow(
      'agents.yaml: agents[0].class: must be one of',
    );
    expect(() =>
      parseAgents(
        'agents:\n  - {token: X, operator: O, class: training, source: s}\n  - {token: x, operator: O, class: training, source: s}\n',
        'a.yaml',
      ),
    ).toThrow('a.yaml: agents[1].token: "x" is listed twice');
  });

  test('cc table: unknown requirement', () => {
    expect(() =>
      parseCcTable(
        'licences:\n  by: {name: A, versions: ["4.0"], requires: [credit], prohibits: []}\npublic_domain: {}\n',
        'cc.yaml',
      ),
    ).toThrow('cc.yaml: licences.by.requires[0]: must be one of');
  });
});
