import type { Condition, FieldValue, RecordValues } from '../../../server/api/contract.js';
import { isEmpty } from './values.js';

/** Whether a field's value matches a rule's literal, as the server compares: strictly; a lookup by its id. */
const matches = (value: FieldValue | undefined, literal: unknown): boolean =>
  value !== null && typeof value === 'object' ? value.id === literal : value === literal;

/**
 * Evaluates an admin's `visibleWhen` / `requiredWhen` rule against the current form values. Rules
 * are data, never code, so this works under a CSP without `unsafe-eval`. An unknown rule shape
 * (a newer server) evaluates to `true`, which keeps the field visible rather than hiding input.
 */
export function test(c: Condition, v: RecordValues): boolean {
  if ('all' in c) return c.all.every((x) => test(x, v));
  if ('any' in c) return c.any.some((x) => test(x, v));
  if ('not' in c) return !test(c.not, v);
  const x = v[c.field];
  if ('equals' in c) return c.equals === null ? isEmpty(x) : matches(x, c.equals);
  if ('notEquals' in c) return c.notEquals === null ? !isEmpty(x) : !matches(x, c.notEquals);
  if ('in' in c) return c.in.some((y) => matches(x, y));
  if ('empty' in c) return isEmpty(x) === c.empty;
  return true;
}
