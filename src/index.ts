/** Public library API of clearance. */
export { type CheckOptions, check, Engine, type PageInput } from './engine/engine.js';
export { InputError } from './engine/errors.js';
export type { Condition, ConditionKind } from './model/conditions.js';
export type { Evidence, Location, Protocol, Signal } from './model/evidence.js';
export type { Flag } from './model/flags.js';
export { PERMISSIONS, type Permission, USES, type Use } from './model/uses.js';
export type { Conflict, Verdict } from './model/verdict.js';
export { loadResources, type Resources } from './resources/resources.js';
