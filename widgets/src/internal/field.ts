import { LitElement, html, nothing } from 'lit';
import { PorticoElement } from './element.js';
import type { PropertyDeclarations, PropertyValues, TemplateResult } from 'lit';
import type { ChoiceOption, FieldKind, FieldValue } from '../../../server/api/contract.js';
import { langOf, msg } from './i18n.js';
import type { MessageKey } from './i18n.js';
import { shared } from '../styles/shared.js';
import { fieldStyles } from '../styles/field.js';
import { query } from './define.js';

/** The element that edits a field of this kind (`portico-text-field`, …). */
export const fieldTag = (kind: FieldKind): string => `portico-${kind}-field`;

/** Ids inside every field's shadow root: the control is `c`, help `h`, error message `e`. */

/**
 * Base class of every form field: a form-associated custom element
 * (https://html.spec.whatwg.org/multipage/custom-elements.html#form-associated-custom-elements)
 * that takes part in a native `<form>` like an `<input>` — its value is submitted, its validity
 * blocks submission, it resets, disables with a `<fieldset>`, and restores after navigation.
 *
 * Messages are the kit's own, localised from `lang`; the browser's built-in messages are not used
 * because they follow the browser's language, not the page's. Errors show after the user leaves
 * the field, after `reportValidity()`, or at once when `error` is set by the form (server or schema
 * validator messages).
 *
 * @csspart base - Wrapper of label, control, help and error.
 * @csspart label - The label.
 * @csspart control - The input, select or textarea (the radio group for radios).
 * @csspart help - Help text under the control.
 * @csspart error - The error message.
 */
export class PorticoField extends PorticoElement {
  static formAssociated = true;
  static override shadowRootOptions: ShadowRootInit = {
    ...LitElement.shadowRootOptions,
    delegatesFocus: true,
  };
  /** Every field kind inherits this one layout; none has styles of its own. */
  static override styles = [shared, fieldStyles];
  static override properties: PropertyDeclarations = {
    name: {},
    label: {},
    help: {},
    placeholder: {},
    required: { type: Boolean },
    readonly: { type: Boolean },
    disabled: { type: Boolean },
    error: {},
    maxlength: { type: Number },
    pattern: {},
    min: { type: Number },
    max: { type: Number },
    options: { attribute: false },
    defaultValue: { attribute: 'value' },
    value: { attribute: false },
    touched: { state: true },
    formDisabled: { state: true },
    raw: { state: true },
  };

  /** Name submitted with the form (the column logical name in Portico forms). */
  name = '';
  /** Visible label; required for accessibility. */
  label = '';
  /** Help text under the control, linked with `aria-describedby`. */
  help = '';
  placeholder = '';
  required = false;
  readonly = false;
  disabled = false;
  /** A message set from outside (server or schema validator); cleared when the user edits. */
  error = '';
  maxlength?: number;
  /** A pattern a non-empty text value must match (Unicode regular expression, as JSON Schema's). */
  pattern?: string;
  min?: number;
  max?: number;
  /** Choice options (choice fields). */
  options: ChoiceOption[] = [];
  /** Initial value as text (the `value` attribute); `reset()` returns to it. */
  defaultValue = '';
  /** Current typed value: string, number, boolean, `{ id, type, name }` or `null` when empty. */
  value: FieldValue = null;

  protected touched = false;
  protected formDisabled = false;
  /** Text the user typed that could not become a value yet (numbers). */
  protected raw: string | null = null;

  protected internals = this.attachInternals();
  #seeded = false;

  /** The `<form>` this field belongs to. */
  get form(): HTMLFormElement | null {
    return this.internals.form;
  }
  get validity(): ValidityState {
    return this.internals.validity;
  }
  get validationMessage(): string {
    return this.internals.validationMessage;
  }
  checkValidity(): boolean {
    return this.internals.checkValidity();
  }
  /** Shows the message inline (no browser bubble) and says whether the value is valid. */
  reportValidity(): boolean {
    this.touched = true;
    return this.internals.checkValidity();
  }
  /** The language messages are in. */
  get locale(): string {
    return langOf(this);
  }
  protected get control(): HTMLElement | null {
    return query(this, '#c');
  }
  protected get inactive(): boolean {
    return this.disabled || this.formDisabled;
  }

  /** Turns the attribute / restored text into a value. */
  protected parse(s: string): FieldValue {
    return s === '' ? null : s;
  }
  /** What a native form submits for the value. */
  protected formValue(): string | null {
    const v = this.value;
    return v === null ? null : typeof v === 'object' ? v.id : String(v);
  }
  /** The first broken rule for the current value, as a message key plus parameters. */
  protected check(): [keyof ValidityStateFlags, MessageKey, Record<string, unknown>?] | null {
    const v = this.value;
    if (this.raw !== null) return ['badInput', 'type', { type: msg(this.locale, this.numberWord) }];
    if (this.required && (v === null || v === '' || v === false)) return ['valueMissing', 'required'];
    if (typeof v === 'string' && this.maxlength !== undefined && v.length > this.maxlength)
      return ['tooLong', 'maxLength', { limit: this.maxlength }];
    if (typeof v === 'number' && this.min !== undefined && v < this.min)
      return ['rangeUnderflow', 'minimum', { limit: this.min }];
    if (typeof v === 'number' && this.max !== undefined && v > this.max)
      return ['rangeOverflow', 'maximum', { limit: this.max }];
    if (typeof v === 'string' && v && this.pattern && !new RegExp(this.pattern, 'u').test(v))
      return ['patternMismatch', 'format', { format: msg(this.locale, this.fmt) }];
    const c = this.control as HTMLInputElement | null;
    if (c?.validity?.typeMismatch) return ['typeMismatch', 'format', { format: msg(this.locale, this.fmt) }];
    return null;
  }
  /** Word for "number" in the type message (`integer` for whole numbers). */
  protected numberWord: MessageKey = 'number';
  /** Word for the expected format in the format message (email address, web address). */
  protected fmt: MessageKey = 'invalid';

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.#seeded) {
      this.#seeded = true;
      if (this.value === null && this.defaultValue) this.value = this.parse(this.defaultValue);
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.sync();
  }

  /** Mirrors value and validity into ElementInternals; read-only and disabled fields are barred from validation, like native inputs. */
  protected sync(): void {
    this.internals.setFormValue(this.formValue());
    const broken = this.readonly || this.inactive ? null : this.check();
    const anchor = this.control ?? undefined;
    if (broken)
      this.internals.setValidity({ [broken[0]]: true }, msg(this.locale, broken[1], broken[2]), anchor);
    else if (this.error) this.internals.setValidity({ customError: true }, this.error, anchor);
    else this.internals.setValidity({});
  }

  /** The message shown now, if any. */
  protected shown(): string {
    if (this.error) return this.error;
    if (!this.touched || this.readonly || this.inactive) return '';
    const b = this.check();
    return b ? msg(this.locale, b[1], b[2]) : '';
  }

  /** Called by subclasses when the user changed the value. */
  protected commit(v: FieldValue, raw: string | null = null): void {
    this.value = v;
    this.raw = raw;
    this.error = '';
  }
  protected onInput(e: Event): void {
    const c = e.target as HTMLInputElement;
    this.commit(c.value === '' ? null : c.value);
  }
  /** Leaving the field shows its message; `change` is re-dispatched because it does not cross shadow roots. */
  protected onChange(): void {
    this.touched = true;
    this.dispatchEvent(new Event('change', { bubbles: true }));
  }

  formResetCallback(): void {
    this.value = this.parse(this.defaultValue);
    this.raw = null;
    this.touched = false;
    this.error = '';
  }
  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
  }
  formStateRestoreCallback(state: string | File | FormData | null): void {
    if (typeof state === 'string') this.value = this.parse(state);
  }

  /** Attributes shared by every control: described-by, invalid, required. */
  protected describedBy(): string {
    return [this.help && 'h', this.shown() && 'e'].filter(Boolean).join(' ');
  }

  /** The control itself; subclasses render input, textarea, select, radios or combobox. */
  protected renderControl(): TemplateResult {
    return html``;
  }

  protected renderLabel(): TemplateResult {
    return html`<label part="label" for="c"
      >${this.label}${this.required && !this.readonly ? html`<span aria-hidden="true" class="req"> *</span>` : nothing}</label
    >`;
  }

  protected override render(): TemplateResult {
    const err = this.shown();
    return html`<div part="base" class="base field ${err ? 'invalid' : ''}">
      ${this.renderLabel()} ${this.renderControl()}
      ${this.help ? html`<div part="help" id="h" class="hint">${this.help}</div>` : nothing}
      <div part="error" id="e" class="error" ?hidden=${!err}>${err}</div>
    </div>`;
  }
}
