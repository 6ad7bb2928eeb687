import { PorticoTextField } from '../text-field/text-field.js';
import { define } from '../../internal/define.js';

/** `YYYY-MM-DDTHH:mm` in the user's time zone, as `datetime-local` inputs show it. */
const local = (iso: string): string => {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
};

/**
 * A date-and-time field. The user picks a time in their own time zone; the value is an ISO 8601
 * UTC timestamp (`2025-03-01T09:30:00.000Z`), which is how Dataverse stores `DateTime` columns with
 * `UserLocal` behaviour (https://learn.microsoft.com/power-apps/developer/data-platform/behavior-format-date-time-attribute).
 *
 * @tagname portico-datetime-field
 * @summary Date and time input; value is an ISO UTC timestamp.
 * @csspart base - Wrapper of label, control, help and error.
 * @csspart label - The label.
 * @csspart control - The `<input type="datetime-local">`.
 * @csspart help - Help text.
 * @csspart error - Error message.
 */
export class PorticoDatetimeField extends PorticoTextField {
  protected override type = 'datetime-local';
  protected override shownText(): string {
    return typeof this.value === 'string' ? local(this.value) : '';
  }
  protected override onInput(e: Event): void {
    const t = (e.target as HTMLInputElement).value;
    this.commit(t ? new Date(t).toISOString() : null);
  }
}

define('portico-datetime-field', PorticoDatetimeField);

declare global {
  interface HTMLElementTagNameMap {
    'portico-datetime-field': PorticoDatetimeField;
  }
}
