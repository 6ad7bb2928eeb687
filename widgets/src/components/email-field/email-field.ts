import { PorticoTextField } from '../text-field/text-field.js';
import { define } from '../../internal/define.js';

/**
 * An email address field; the browser's email syntax check (type=email) reports a malformed address.
 *
 * @tagname portico-email-field
 * @summary An email address field; the browser's email syntax check (type=email) reports a malformed address.
 * @csspart base - Wrapper of label, control, help and error.
 * @csspart label - The label.
 * @csspart control - The `<input>`.
 * @csspart help - Help text.
 * @csspart error - Error message.
 */
export class PorticoEmailField extends PorticoTextField {
  protected override type = 'email';
  protected override mode = 'email';
  protected override auto = 'email';
  protected override fmt = 'email' as const;
}

define('portico-email-field', PorticoEmailField);

declare global {
  interface HTMLElementTagNameMap {
    'portico-email-field': PorticoEmailField;
  }
}
