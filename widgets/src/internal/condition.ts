import type { Condition, FieldValue, RecordValues } from '../../../server/api/contract.js';

const isEmpty = (v: FieldValue | undefined): boolean => v === null || v === undefined || v === '';

/** Compares like the server: strict equality; a lookup compares by its id. */
const same = (a: FieldValue | undefined, b: unknown): boolean =>
  a !== null && typeof a === 'object' ? a.id === b : a === b;

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
  if ('equals' in c) return c.equals === null ? isEmpty(x) : same(x, c.equals);
  if ('notEquals' in c) return c.notEquals === null ? !isEmpty(x) : !same(x, c.notEquals);
  if ('in' in c) return c.in.some((y) => same(x, y));
  if ('empty' in c) return isEmpty(x) === c.empty;
  return true;
}
