import { PorticoTextField } from '../text-field/text-field.js';
import { define } from '../../internal/define.js';

/**
 * A telephone number field: free text (numbers differ by country), with the phone keyboard on mobile.
 *
 * @tagname portico-phone-field
 * @summary A telephone number field: free text (numbers differ by country), with the phone keyboard on mobile.
 * @csspart base - Wrapper of label, control, help and error.
 * @csspart label - The label.
 * @csspart control - The `<input>`.
 * @csspart help - Help text.
 * @csspart error - Error message.
 */
export class PorticoPhoneField extends PorticoTextField {
  protected override type = 'tel';
  protected override auto = 'tel';
  protected override mode = 'tel';
  protected override fmt = 'phone' as const;
}

define('portico-phone-field', PorticoPhoneField);

declare global {
  interface HTMLElementTagNameMap {
    'portico-phone-field': PorticoPhoneField;
  }
}
