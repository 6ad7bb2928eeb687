/** Conditions between the configuration files' one loose shape and the contract's union. */
import type { Condition } from '../../api/contract.js';
import type { FormCondition } from '../generated/form-file.js';

/** The raw condition object (one shape with optional keys) as the contract's union. */
export function toCondition(c: FormCondition): Condition {
  if (c.all) return { all: c.all.map(toCondition) };
  if (c.any) return { any: c.any.map(toCondition) };
  if (c.not) return { not: toCondition(c.not) };
  const field = c.field ?? '';
  if ('equals' in c) return { field, equals: c.equals ?? null };
  if ('notEquals' in c) return { field, notEquals: c.notEquals ?? null };
  if (c.in) return { field, in: c.in };
  return { field, empty: c.empty ?? true };
}

/** Every column a condition tests. */
export function conditionFields(c: Condition): string[] {
  if ('all' in c) return c.all.flatMap(conditionFields);
  if ('any' in c) return c.any.flatMap(conditionFields);
  if ('not' in c) return conditionFields(c.not);
  return [c.field];
}

/**
 * The precondition as the browser gets it, to decide what to offer: only when every column it tests
 * is among the values the browser receives. Otherwise the action is offered and the server decides.
 */
export function offeredWhen(
  condition: Condition | undefined,
  readable: readonly string[],
): Condition | undefined {
  return condition && conditionFields(condition).every((n) => readable.includes(n)) ? condition : undefined;
}
