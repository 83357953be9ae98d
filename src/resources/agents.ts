import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { Checker } from './validate.js';

export const AGENT_CLASSES = [
  'training',
  'search',
  'user-fetch',
  'agent',
  'control',
  'dataset',
  'search-engine',
  'other',
] as const;
export type AgentClass = (typeof AGENT_CLASSES)[number];

export interface AgentInfo {
  /** As the operator spells it. Lookups use the lower-case form. */
  token: string;
  operator: string;
  class: AgentClass;
  source: string;
}

export type AgentRegistry = Map<string, AgentInfo>;

export function parseAgents(text: string, file: string): AgentRegistry {
  const c = new Checker(file);
  const doc = c.obj(parseYaml(text), '(root)');
  const list: unknown = doc.agents;
  if (!Array.isArray(list)) c.fail('agents', 'must be a list');
  const out: AgentRegistry = new Map();
  (list as unknown[]).forEach((raw, i) => {
    const o = c.obj(raw, `agents[${i}]`);
    const info: AgentInfo = {
      token: c.str(o.token, `agents[${i}].token`),
      operator: c.str(o.operator, `agents[${i}].operator`),
      class: c.oneOf(o.class, `agents[${i}].class`, AGENT_CLASSES),
      source: c.str(o.source, `agents[${i}].source`),
    };
    const key = info.token.toLowerCase();
    if (out.has(key)) c.fail(`agents[${i}].token`, `"${info.token}" is listed twice`);
    out.set(key, info);
  });
  return out;
}

export function loadAgents(file: string): AgentRegistry {
  return parseAgents(readFileSync(file, 'utf8'), file);
}
