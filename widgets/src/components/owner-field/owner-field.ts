import { PorticoLookupField } from '../lookup-field/lookup-field.js';
import { define } from '../../internal/define.js';

/**
 * The record's owner (a user or a team). Selectable with the owner type-ahead when writable and
 * `form-id` is set; otherwise shows the owner's name.
 *
 * @tagname portico-owner-field
 * @summary Owner (user or team) display and picker.
 * @csspart base - Wrapper of label, control, help and error.
 * @csspart label - The label.
 * @csspart control - The `<input>` (a combobox when selectable).
 * @csspart listbox - The list of matches.
 * @csspart option - One match.
 * @csspart help - Help text.
 * @csspart error - Error message.
 */
export class PorticoOwnerField extends PorticoLookupField {
  override targets = ['systemuser', 'team'];
}

define('portico-owner-field', PorticoOwnerField);

declare global {
  interface HTMLElementTagNameMap {
    'portico-owner-field': PorticoOwnerField;
  }
}
