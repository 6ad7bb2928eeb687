import type { DisplayColumn, FieldValue } from '../../../server/api/contract.js';
import { text } from './i18n.js';

/** A field with nothing in it: no value, or empty text (`false` and `0` are values). */
export const isEmpty = (value: FieldValue | undefined): boolean =>
  value === null || value === undefined || value === '';

/**
 * Whether two values of one field are the same: lookups by the id they point at, everything else
 * strictly, with absent and `null` alike.
 */
export const sameValue = (a: FieldValue | undefined, b: FieldValue | undefined): boolean =>
  a && b && typeof a === 'object' && typeof b === 'object' ? a.id === b.id : (a ?? null) === (b ?? null);

/**
 * A value as a reader of `lang` reads it ('' when empty). The server sends raw values, so that every
 * reader gets their own language and time zone rather than the integration user's: a choice or
 * yes/no shows its label in `lang`, a lookup its name, a date and time the reader's local time
 * (`Intl`), a date-only value (`2026-10-26`, Dataverse's DateOnly) that same day wherever the reader
 * is, a number the language's separators. What the column does not expect shows as sent instead of
 * failing the render: a choice value the schema has no label for (added in Dynamics since), a date
 * that does not parse, a `lang` that is no language tag (`Intl` throws a RangeError for those).
 */
export function display(
  value: FieldValue | undefined,
  lang: string,
  column?: Partial<DisplayColumn>,
): string {
  if (isEmpty(value)) return '';
  if (typeof value === 'object') return value?.name ?? '';
  const option = column?.options?.find((o) => o.value === value);
  const date = new Date(value as string);
  try {
    return option
      ? text(option.label, lang)
      : column?.kind?.startsWith('date') && !isNaN(date as unknown as number)
        ? date.toLocaleString(lang, {
            dateStyle: 'medium',
            timeStyle: column.kind === 'date' ? undefined : 'short',
            // A value without a time is a day, not the instant it starts in UTC.
            timeZone: (value as string)[10] ? undefined : 'UTC',
          })
        : // Text comes back as it is, a number with the language's separators, a yes/no as `true`.
          value!.toLocaleString(lang);
  } catch {
    return String(value);
  }
}
