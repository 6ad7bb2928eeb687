import { PorticoTextField } from '../text-field/text-field.js';
import { define } from '../../internal/define.js';

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
  protected override numeric = 'dec' as const;
}

define('portico-decimal-field', PorticoDecimalField);

declare global {
  interface HTMLElementTagNameMap {
    'portico-decimal-field': PorticoDecimalField;
  }
}
