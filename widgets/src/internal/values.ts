import type { FieldValue } from '../../../server/api/contract.js';

/** A field with nothing in it: no value, or empty text (`false` and `0` are values). */
export const isEmpty = (value: FieldValue | undefined): boolean =>
  value === null || value === undefined || value === '';

/**
 * Whether two values of one field are the same: lookups by the id they point at, everything else
 * strictly, with absent and `null` alike.
 */
export const sameValue = (a: FieldValue | undefined, b: FieldValue | undefined): boolean =>
  a && b && typeof a === 'object' && typeof b === 'object' ? a.id === b.id : (a ?? null) === (b ?? null);
