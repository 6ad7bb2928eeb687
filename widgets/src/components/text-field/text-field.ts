import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { PorticoField } from '../../internal/field.js';
import { define } from '../../internal/define.js';

/**
 * A single-line text field. Also the base of the email, phone, URL, number, date and date-time fields,
 * which differ only in input type, parsing and keyboard hints (the number fields' parsing is in
 * decimal-field.ts).
 *
 * @tagname portico-text-field
 * @summary Single-line text input that takes part in native forms.
 * @csspart base - Wrapper of label, control, help and error.
 * @csspart label - The label.
 * @csspart control - The `<input>`.
 * @csspart help - Help text.
 * @csspart error - Error message.
 * @cssproperty --portico-color-field - Input background.
 * @cssproperty --portico-color-border - Input border.
 */
export class PorticoTextField extends PorticoField {
  protected type = 'text';
  protected mode?: string;
  protected auto?: string;
  /** True when the input only displays the value (lookups that cannot be searched). */
  protected get locked(): boolean {
    return false;
  }
  /** Text shown in the input for the current value. */
  protected shownText(): string {
    return this.raw ?? (this.value === null ? '' : String(this.value));
  }

  protected override renderControl(): TemplateResult {
    const err = !!this.shown();
    return html`<input
      part="control"
      id="c"
      type=${this.type}
      .value=${this.shownText()}
      placeholder=${this.placeholder || nothing}
      maxlength=${this.maxlength ?? nothing}
      inputmode=${this.mode ?? nothing}
      autocomplete=${this.auto ?? nothing}
      ?required=${this.required}
      ?readonly=${this.readonly || this.locked}
      ?disabled=${this.inactive}
      aria-invalid=${err}
      aria-describedby=${this.describedBy() || nothing}
      @input=${this.onInput}
      @change=${this.onChange}
    />`;
  }
}

define('portico-text-field', PorticoTextField);

declare global {
  interface HTMLElementTagNameMap {
    'portico-text-field': PorticoTextField;
  }
}
