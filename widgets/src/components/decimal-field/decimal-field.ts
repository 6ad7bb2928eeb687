import type { FieldValue } from '../../../../server/api/contract.js';
import { PorticoTextField } from '../text-field/text-field.js';
import { define } from '../../internal/define.js';

/**
 * Reads a number typed by a person: a comma is accepted as decimal separator (German input).
 * Returns `null` for empty text and `undefined` for text that is not a (whole) number.
 */
export function num(s: string, integer: boolean): number | null | undefined {
  const t = s.trim().replace(',', '.');
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) && (!integer || Number.isInteger(n)) ? n : undefined;
}

/** Dataverse keeps at most 10 decimal places (a Decimal column), so showing 10 loses none. */
const FORMAT: Intl.NumberFormatOptions = { useGrouping: false, maximumFractionDigits: 10 };

/**
 * A decimal-number field; accepts a comma or a point as decimal separator; the value is a `number`.
 *
 * @tagname portico-decimal-field
 * @summary A decimal-number field; accepts a comma or a point as decimal separator; the value is a `number`.
 * @csspart base - Wrapper of label, control, help and error.
 * @csspart label - The label.
 * @csspart control - The `<input>`.
 * @csspart help - Help text.
 * @csspart error - Error message.
 */
export class PorticoDecimalField extends PorticoTextField {
  protected override mode = 'decimal';
  /** Whole numbers only (the integer field). */
  protected whole = false;

  protected override parse(s: string): FieldValue {
    return num(s, this.whole) ?? null;
  }
  /**
   * The number with the decimal separator of the field's language ("1234,5" in German), without
   * grouping, so that what is shown can be edited and read back by `num`.
   */
  protected override shownText(): string {
    const value = this.value;
    if (this.raw !== null || typeof value !== 'number') return super.shownText();
    try {
      return value.toLocaleString(this.locale, FORMAT);
    } catch {
      // A `lang` that is no language tag (Intl throws a RangeError): the number as JavaScript writes it.
      return String(value);
    }
  }
  /** Text that is not a number yet is kept as typed (`raw`), and reported as such. */
  protected override onInput(e: Event): void {
    const t = (e.target as HTMLInputElement).value;
    const n = num(t, this.whole);
    this.commit(n === undefined ? null : n, n === undefined ? t : null);
  }
}

define('portico-decimal-field', PorticoDecimalField);

declare global {
  interface HTMLElementTagNameMap {
    'portico-decimal-field': PorticoDecimalField;
  }
}
