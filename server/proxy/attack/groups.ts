/**
 * The attack groups, in the order they were written. Each group has one test file named after it
 * that runs its table with `runAttackGroup` (census.test.ts holds the suite to that), so every
 * attack runs exactly once, in a server of its file's own.
 */
import { describe } from 'node:test';
import { bodyAttacks } from './bodies.js';
import { stateAttacks } from './case-state.js';
import { chainAttacks } from './chains.js';
import { fieldAttacks } from './fields.js';
import { noteAttacks } from './notes.js';
import { queryAttacks } from './queries.js';
import { scopeAttacks } from './scope.js';
import { surfaceAttacks } from './surface.js';
import { runAttacks } from './support.js';
import type { Attack } from './support.js';
import { tokenAttacks } from './tokens.js';

export const ATTACK_GROUPS = {
  tokens: tokenAttacks,
  scope: scopeAttacks,
  fields: fieldAttacks,
  bodies: bodyAttacks,
  queries: queryAttacks,
  surface: surfaceAttacks,
  'case-state': stateAttacks,
  chains: chainAttacks,
  notes: noteAttacks,
} satisfies Record<string, readonly Attack[]>;

export type AttackGroup = keyof typeof ATTACK_GROUPS;

/** One test per attack of the group, under `attacks: <group>`. */
export function runAttackGroup(group: AttackGroup): void {
  describe(`attacks: ${group}`, () => runAttacks(ATTACK_GROUPS[group]));
}
