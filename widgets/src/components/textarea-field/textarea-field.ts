import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { PorticoField } from '../../internal/field.js';
import { define } from '../../internal/define.js';

/**
 * A multi-line text field (Dataverse `Memo` columns).
 *
 * @tagname portico-textarea-field
 * @summary Multi-line text input that takes part in native forms.
 * @csspart base - Wrapper of label, control, help and error.
 * @csspart label - The label.
 * @csspart control - The `<textarea>`.
 * @csspart help - Help text.
 * @csspart error - Error message.
 */
export class PorticoTextareaField extends PorticoField {
  protected override renderControl(): TemplateResult {
    return html`<textarea
      part="control"
      id="c"
      rows="4"
      .value=${this.value === null ? '' : String(this.value)}
      placeholder=${this.placeholder || nothing}
      maxlength=${this.maxlength ?? nothing}
      ?required=${this.required}
      ?readonly=${this.readonly}
      ?disabled=${this.inactive}
      aria-invalid=${!!this.shown()}
      aria-describedby=${this.describedBy() || nothing}
      @input=${this.onInput}
      @change=${this.onChange}
    ></textarea>`;
  }
}

define('portico-textarea-field', PorticoTextareaField);

declare global {
  interface HTMLElementTagNameMap {
    'portico-textarea-field': PorticoTextareaField;
  }
}
