import { PorticoTextField } from '../text-field/text-field.js';
import { define } from '../../internal/define.js';

/**
 * A date field; the value is an ISO date `YYYY-MM-DD` (the browser shows it in the user's format).
 *
 * @tagname portico-date-field
 * @summary A date field; the value is an ISO date `YYYY-MM-DD` (the browser shows it in the user's format).
 * @csspart base - Wrapper of label, control, help and error.
 * @csspart label - The label.
 * @csspart control - The `<input>`.
 * @csspart help - Help text.
 * @csspart error - Error message.
 */
export class PorticoDateField extends PorticoTextField {
  protected override type = 'date';
}

define('portico-date-field', PorticoDateField);

declare global {
  interface HTMLElementTagNameMap {
    'portico-date-field': PorticoDateField;
  }
}
