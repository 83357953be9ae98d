import { readFileSync } from 'node:fs';
import { USES, type Use } from '../model/uses.js';
import { Checker } from './validate.js';
import { yamlDocument } from './yaml.js';

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
  /** Uses a disallow of this token governs, when they differ from its class (Google-Extended: training + grounding). */
  uses?: Use[];
  /** ai.robots.txt's "respect" column (does the operator say it obeys robots.txt): free text, e.g. Yes / No. */
  respect?: string;
  /** False for names that are not RFC 9309 product tokens (digits, dots, slashes, spaces: `AI2Bot`, `iaskspider/2.0`). */
  validToken: boolean;
}

/** robots.json `function` prose → class, for tokens the refresh script adds (first matching rule wins). */
export interface FunctionClassRule {
  match: string;
  class: AgentClass;
}

/**
 * The registry: token (lower-case) → facts, plus the lists the robots.txt evaluation needs. A Map subclass so
 * lookups stay `registry.get(token)` everywhere.
 */
export class AgentRegistry extends Map<string, AgentInfo> {
  /** Operators whose training crawlers must all be blocked for a site-wide AI-training `denied`. */
  majorTrainingOperators: string[] = [];
  /** Tokens whose crawl permission decides `search` (classic web search). */
  majorSearchEngines: string[] = [];
  /** Uses governed by a disallow, per class. */
  classUses: Partial<Record<AgentClass, Use[]>> = {};
  functionClasses: FunctionClassRule[] = [];

  /** Uses a disallow of this token speaks about (agent override, else its class). */
  usesOf(info: AgentInfo): Use[] {
    return info.uses ?? this.classUses[info.class] ?? [];
  }

  byOperator(operator: string): AgentInfo[] {
    return [...this.values()].filter((a) => a.operator === operator);
  }

  /** The registry as plain data (a Map subclass loses its own fields in `v8.serialize`). */
  toState(): AgentRegistryState {
    const { majorTrainingOperators, majorSearchEngines, classUses, functionClasses } = this;
    return { entries: [...this.entries()], majorTrainingOperators, majorSearchEngines, classUses, functionClasses };
  }

  static fromState(state: AgentRegistryState): AgentRegistry {
    const r = new AgentRegistry(state.entries);
    r.majorTrainingOperators = state.majorTrainingOperators;
    r.majorSearchEngines = state.majorSearchEngines;
    r.classUses = state.classUses;
    r.functionClasses = state.functionClasses;
    return r;
  }
}

/** See AgentRegistry.toState. */
export interface AgentRegistryState {
  entries: [string, AgentInfo][];
  majorTrainingOperators: string[];
  majorSearchEngines: string[];
  classUses: Partial<Record<AgentClass, Use[]>>;
  functionClasses: FunctionClassRule[];
}

/** RFC 9309 §2.2.1 product token: letters, `_` and `-` only. */
export function isProductToken(token: string): boolean {
  return /^[A-Za-z_-]+$/.test(token);
}

export function parseAgents(text: string, file: string): AgentRegistry {
  const c = new Checker(file);
  const parsed = yamlDocument(c, text);
  const doc = c.obj(parsed, '(root)');
  const list: unknown = doc.agents;
  if (!Array.isArray(list)) c.fail('agents', 'must be a list');
  const out = new AgentRegistry();
  (list as unknown[]).forEach((raw, i) => {
    const o = c.obj(raw, `agents[${i}]`);
    const info: AgentInfo = {
      token: c.str(o.token, `agents[${i}].token`),
      operator: c.str(o.operator, `agents[${i}].operator`),
      class: c.oneOf(o.class, `agents[${i}].class`, AGENT_CLASSES),
      source: c.str(o.source, `agents[${i}].source`),
      validToken: false,
    };
    info.validToken = isProductToken(info.token);
    if (o.uses !== undefined)
      info.uses = c.strList(o.uses, `agents[${i}].uses`).map((u, j) => c.oneOf(u, `agents[${i}].uses[${j}]`, USES));
    const respect = c.optStr(o.respect, `agents[${i}].respect`);
    if (respect !== undefined) info.respect = respect;
    const key = info.token.toLowerCase();
    if (out.has(key)) c.fail(`agents[${i}].token`, `"${info.token}" is listed twice`);
    out.set(key, info);
  });
  out.majorTrainingOperators = c.strList(doc.major_training_operators, 'major_training_operators');
  const operators = new Set([...out.values()].map((a) => a.operator));
  out.majorTrainingOperators.forEach((op, i) => {
    if (!operators.has(op)) c.fail(`major_training_operators[${i}]`, `no agent has operator "${op}"`);
  });
  out.majorSearchEngines = c.strList(doc.major_search_engines, 'major_search_engines').map((t, i) => {
    if (!out.has(t.toLowerCase())) c.fail(`major_search_engines[${i}]`, `"${t}" is not a listed agent`);
    return t.toLowerCase();
  });
  if (doc.class_uses !== undefined) {
    const cu = c.obj(doc.class_uses, 'class_uses');
    for (const [k, v] of Object.entries(cu)) {
      const cls = c.oneOf(k, `class_uses.${k}`, AGENT_CLASSES);
      out.classUses[cls] = c.strList(v, `class_uses.${k}`).map((u, j) => c.oneOf(u, `class_uses.${k}[${j}]`, USES));
    }
  }
  if (doc.function_classes !== undefined) {
    if (!Array.isArray(doc.function_classes)) c.fail('function_classes', 'must be a list');
    out.functionClasses = (doc.function_classes as unknown[]).map((r, i) => {
      const o = c.obj(r, `function_classes[${i}]`);
      return {
        match: c.str(o.match, `function_classes[${i}].match`).toLowerCase(),
        class: c.oneOf(o.class, `function_classes[${i}].class`, AGENT_CLASSES),
      };
    });
  }
  return out;
}

export function loadAgents(file: string): AgentRegistry {
  return parseAgents(readFileSync(file, 'utf8'), file);
}
