import { html, nothing } from 'lit';
import type { PropertyDeclarations, TemplateResult } from 'lit';
import { PorticoField } from '../../internal/field.js';
import { define } from '../../internal/define.js';
import { text } from '../../internal/i18n.js';

/**
 * A choice (Dataverse option set) as a drop-down or as radio buttons. Options come from the form
 * definition; the value is the option's `value` (a number, or a boolean for two-option columns).
 *
 * @tagname portico-choice-field
 * @summary Option-set field rendered as a select or a radio group.
 * @csspart base - Wrapper of label, control, help and error.
 * @csspart label - The label (the legend for radios).
 * @csspart control - The `<select>`, or the radio group.
 * @csspart option - One radio button with its label.
 * @csspart help - Help text.
 * @csspart error - Error message.
 */
export class PorticoChoiceField extends PorticoField {
  static override properties: PropertyDeclarations = {
    display: {},
  };
  /** `select` (default) or `radios`. */
  display: 'select' | 'radios' = 'select';

  /** The option whose value has this text (attribute, restored state, select value). */
  protected override parse(s: string): number | boolean | null {
    return this.options.find((o) => String(o.value) === s)?.value ?? null;
  }
  #pick(s: string): void {
    this.commit(this.parse(s));
  }

  protected override renderLabel(): TemplateResult {
    return this.display === 'radios' ? html`` : super.renderLabel();
  }

  protected override renderControl(): TemplateResult {
    const lang = this.locale;
    const cur = this.value === null ? '' : String(this.value);
    const common = {
      invalid: !!this.shown(),
      by: this.describedBy() || nothing,
    };
    if (this.display === 'radios')
      return html`<fieldset
        part="control"
        id="c"
        role="radiogroup"
        aria-required=${this.required}
        aria-invalid=${common.invalid}
        aria-describedby=${common.by}
        ?disabled=${this.inactive}
        @change=${this.onChange}
      >
        <legend part="label">
          ${this.label}${this.required && !this.readonly ? html`<span aria-hidden="true" class="req"> *</span>` : nothing}
        </legend>
        ${this.options.map(
          (o) =>
            html`<label part="option" class="opt"
              ><input
                type="radio"
                name="r"
                .value=${String(o.value)}
                .checked=${cur === String(o.value)}
                ?disabled=${this.readonly && cur !== String(o.value)}
                @input=${(e: Event) => this.#pick((e.target as HTMLInputElement).value)}
              />${text(o.label, lang)}</label
            >`,
        )}
      </fieldset>`;
    return html`<select
      part="control"
      id="c"
      ?required=${this.required}
      ?disabled=${this.inactive || this.readonly}
      aria-invalid=${common.invalid}
      aria-describedby=${common.by}
      @input=${(e: Event) => this.#pick((e.target as HTMLSelectElement).value)}
      @change=${this.onChange}
    >
      <option value="" ?selected=${cur === ''}></option>
      ${this.options.map(
        (o) =>
          html`<option value=${String(o.value)} ?selected=${cur === String(o.value)}>
            ${text(o.label, lang)}
          </option>`,
      )}
    </select>`;
  }
}

define('portico-choice-field', PorticoChoiceField);

declare global {
  interface HTMLElementTagNameMap {
    'portico-choice-field': PorticoChoiceField;
  }
}
