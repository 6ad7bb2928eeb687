import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { PorticoField } from '../../internal/field.js';
import { define } from '../../internal/define.js';

/**
 * A yes/no field as a checkbox. The value is `true` or `false`; like a native checkbox it submits
 * `"true"` when checked and nothing when not, and `required` means it must be checked.
 *
 * @tagname portico-boolean-field
 * @summary Checkbox for a yes/no column.
 * @csspart base - Wrapper of control, label, help and error.
 * @csspart label - The label (after the checkbox).
 * @csspart control - The `<input type="checkbox">`.
 * @csspart help - Help text.
 * @csspart error - Error message.
 */
export class PorticoBooleanField extends PorticoField {
  override connectedCallback(): void {
    super.connectedCallback();
    if (this.value === null) this.value = false;
  }
  protected override parse(s: string): boolean {
    return s === 'true' || s === 'on';
  }
  protected override formValue(): string | null {
    return this.value === true ? 'true' : null;
  }
  protected override renderLabel(): TemplateResult {
    return html``;
  }
  protected override renderControl(): TemplateResult {
    return html`<label part="label" class="opt"
      ><input
        part="control"
        id="c"
        type="checkbox"
        .checked=${this.value === true}
        ?required=${this.required}
        ?disabled=${this.inactive || this.readonly}
        aria-invalid=${!!this.shown()}
        aria-describedby=${this.describedBy() || nothing}
        @input=${(e: Event) => this.commit((e.target as HTMLInputElement).checked)}
        @change=${this.onChange}
      />${this.label}${this.required ? html`<span aria-hidden="true" class="req"> *</span>` : nothing}</label
    >`;
  }
}

define('portico-boolean-field', PorticoBooleanField);

declare global {
  interface HTMLElementTagNameMap {
    'portico-boolean-field': PorticoBooleanField;
  }
}
