import { PorticoTextField } from '../text-field/text-field.js';
import { define } from '../../internal/define.js';

/**
 * A web address field; an address without a scheme is reported as malformed.
 *
 * @tagname portico-url-field
 * @summary A web address field; an address without a scheme is reported as malformed.
 * @csspart base - Wrapper of label, control, help and error.
 * @csspart label - The label.
 * @csspart control - The `<input>`.
 * @csspart help - Help text.
 * @csspart error - Error message.
 */
export class PorticoUrlField extends PorticoTextField {
  protected override type = 'url';
  protected override mode = 'url';
  protected override auto = 'url';
  protected override fmt = 'uri' as const;
}

define('portico-url-field', PorticoUrlField);

declare global {
  interface HTMLElementTagNameMap {
    'portico-url-field': PorticoUrlField;
  }
}
