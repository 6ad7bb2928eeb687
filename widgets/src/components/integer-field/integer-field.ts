import { PorticoDecimalField } from '../decimal-field/decimal-field.js';
import { define } from '../../internal/define.js';

/**
 * A whole-number field. A text input with the numeric keyboard rather than `type=number`, which hides what the user typed when it is not a number; the value is a `number`.
 *
 * @tagname portico-integer-field
 * @summary A whole-number field. A text input with the numeric keyboard rather than `type=number`, which hides what the user typed when it is not a number; the value is a `number`.
 * @csspart base - Wrapper of label, control, help and error.
 * @csspart label - The label.
 * @csspart control - The `<input>`.
 * @csspart help - Help text.
 * @csspart error - Error message.
 */
export class PorticoIntegerField extends PorticoDecimalField {
  protected override mode = 'numeric';
  protected override numberWord = 'integer' as const;
  protected override whole = true;
}

define('portico-integer-field', PorticoIntegerField);

declare global {
  interface HTMLElementTagNameMap {
    'portico-integer-field': PorticoIntegerField;
  }
}
