import { html, nothing } from 'lit';
import type { PropertyDeclarations, TemplateResult } from 'lit';
import type {
  ActionDefinition,
  FieldDefinition,
  FormDefinitionResponse,
  FormMode,
  RecordResponse,
  RecordValues,
  SectionDefinition,
} from '../../../../server/api/contract.js';
import { define } from '../../internal/define.js';
import { loadMore } from '../../internal/chunks.js';
import { reportError } from '../../internal/events.js';
import { langOf, msg, text } from '../../internal/i18n.js';
import { test } from '../../internal/condition.js';
import { PorticoField, fieldTag } from '../../internal/field.js';
import { display, isEmpty, sameValue } from '../../internal/values.js';
import { PorticoElement } from '../../internal/element.js';
import { loadWrites } from './chunk.js';
import { problemView, retryable } from './host.js';
import type { FormHost, Problem } from './host.js';
import { LoadController } from './load.js';
import type { Writes } from './writes.js';
// The order of these imports is the bundle's module order, which the minifier's renaming follows;
// any order works, but the brotli size moves by tens of bytes with it (npm run size).
import '../text-field/text-field.js';
import '../email-field/email-field.js';
import '../date-field/date-field.js';
import '../phone-field/phone-field.js';
import '../textarea-field/textarea-field.js';
import '../choice-field/choice-field.js';
import { styles } from './form.styles.js';

/** The fields of a section shown now: those whose `visibleWhen` holds for `values`. */
const shownFields = (section: SectionDefinition, values: RecordValues): FieldDefinition[] =>
  section.fields.filter((field) => !field.visibleWhen || test(field.visibleWhen, values));

/**
 * A Portico form: loads the definition for the signed-in user's role, renders its sections and
 * fields, validates with the form's precompiled validator module, and creates, updates, deletes or
 * runs actions on one record. Unsent input is kept as a draft; conflicts, network failures and
 * "busy" answers never lose what the user typed. When the server refuses a request because of the
 * record's state (409 `PORTICO_RECORD_STATE`), the form shows the record as the server sends it
 * now, with the actions that state offers, the user's input on top and the server's message.
 *
 * Mode: `mode` if set, else `edit` (or `view` when the definition has no `edit`) with a `record-id`,
 * else `create`.
 *
 * Layout: each section is a grid of the columns its definition declares, one column in a container
 * narrower than about 36em (a phone, a sidebar). Fields the user cannot change here (read-only,
 * view mode, a closed record) are shown as text. A definition with a `header` shows the record's
 * name, number, status and owner above the sections. The outcome of a save or action appears
 * beside the buttons, in a live region; the pressed button shows that it is busy.
 *
 * @tagname portico-form
 * @summary Create, edit or view one Contact or Case from an admin-defined form.
 * @event portico-submit - Before a save is sent; cancelable. Detail: `{ form, mode, recordId, values }`.
 * @event portico-saved - After the server accepted a save; cancel to skip `onSuccess.redirect`. Detail: `{ form, mode, record }`.
 * @event portico-error - A request failed (already shown to the user). Detail: `{ code, status, message, requestId }`.
 * @event portico-action - An action (delete, assign, resolve, cancel, reopen) succeeded. Detail: `{ action, id, form, record }`.
 * @csspart base - Wrapper of everything.
 * @csspart title - The form title (see `hide-title` and `heading-level`).
 * @csspart record-header - The record header: `record-name`, `record-number`, `status`, `owner`.
 * @csspart value - A field shown as text: its `label` and value.
 * @csspart loading - The loading message.
 * @csspart notice - The outcome of the last save or action, beside the buttons.
 * @csspart problem - Load, network, busy, record-state and other error messages, with a retry (or, for a record that is not there, a way back) where one helps.
 * @csspart draft - The offer to restore unsent input.
 * @csspart conflict - The 412 conflict panel listing what someone else changed.
 * @csspart error-summary - The list of problems linking to their fields.
 * @csspart form - The `<form>`.
 * @csspart section - One section (a fieldset).
 * @csspart section-label - A section's legend.
 * @csspart actions - The button row.
 * @csspart action - Every action button; also `action-<id>` (e.g. `action-save`).
 * @cssproperty --portico-color-accent - Primary button and link colour.
 * @cssproperty --portico-color-danger - Error colour.
 */
export class PorticoForm extends PorticoElement {
  static override styles = styles;
  static override properties: PropertyDeclarations = {
    form: { reflect: true },
    recordId: { attribute: 'record-id' },
    mode: {},
    lang: { reflect: true },
    hideTitle: { type: Boolean, attribute: 'hide-title' },
    headingLevel: { type: Number, attribute: 'heading-level' },
    def: { state: true },
    rec: { state: true },
    values: { state: true },
    errors: { state: true },
    summary: { state: true },
    waiting: { state: true },
    pressed: { state: true },
    problem: { state: true },
    notice: { state: true },
    gone: { state: true },
  };

  /** Form id as defined in `schemas/forms/<id>.json`. */
  form = '';
  /** The record to edit or view; absent to create. */
  recordId = '';
  /** `create`, `edit` or `view`; see the class description for the default. */
  mode: FormMode | '' = '';
  /** Language of labels and messages; defaults to the closest `lang` on the page, else `en`. */
  override lang!: string;
  /** Leaves the title out, for a page whose own heading already names the form. Default: shown. */
  hideTitle = false;
  /** The title's heading level (1-6), to fit the page's outline. Default: 2. */
  headingLevel?: number;

  // The state below is shared with the controllers (host.ts describes each); protected keeps it
  // out of the element's public surface.
  protected def?: FormDefinitionResponse;
  protected rec?: RecordResponse;
  protected values: RecordValues = {};
  protected errors: Record<string, string> = {};
  protected summary: Array<[string, string]> = [];
  protected waiting = false;
  protected pressed = '';
  protected problem?: Problem;
  protected notice = '';
  protected gone = false;
  protected readonly fields = new Map<string, PorticoField>();

  /** This element as its controllers see it (host.ts). */
  #host = this as unknown as FormHost;
  #load = new LoadController(this.#host, () =>
    Promise.all([loadMore(), this.#attach(() => void this.load())]),
  );
  /** The controllers of the form's chunk, once attached (`#attach`). */
  #writes?: Writes;

  // No form needs its chunk before the first input: it is asked for once the fields are on screen,
  // so its parsing does not delay them either, and is in long before a button can be pressed. (A
  // record form with actions has it already: its load waits for it, as the dialogs render from it.)
  protected override updated(): void {
    if (this.def && !this.#writes) void this.#attach(() => undefined);
  }

  /** The mode in effect. */
  get effectiveMode(): FormMode {
    return this.mode || (this.recordId ? (this.def?.modes.includes('edit') ? 'edit' : 'view') : 'create');
  }

  /** (Re)loads the definition and record; also the retry after a failed load. */
  load(): Promise<void> {
    return this.#load.load();
  }

  /** Validates, fires `portico-submit`, then creates or updates. */
  async save(): Promise<void> {
    await (await this.#attach(() => void this.save()))?.save.save();
  }

  /**
   * The save, conflict and action controllers (the form's chunk), attached once it is in; a chunk
   * that fails to load is a problem with a retry.
   */
  async #attach(retry: () => void): Promise<Writes | undefined> {
    try {
      const attach = await loadWrites();
      if (!this.#writes) {
        this.#writes = attach(this.#host);
        this.requestUpdate();
      }
      return this.#writes;
    } catch (error) {
      this.problem = retryable(reportError(this, error), langOf(this), retry);
    }
  }

  protected visible(): FieldDefinition[] {
    return (this.def?.sections ?? []).flatMap((section) => shownFields(section, this.values));
  }
  /** None in view mode, none of a kind this kit lacks. */
  protected writable(): FieldDefinition[] {
    return this.effectiveMode === 'view'
      ? []
      : this.visible().filter((field) => !field.readOnly && customElements.get(fieldTag(field.kind)));
  }
  protected changes(): RecordValues {
    const base = this.rec?.values ?? {};
    return Object.fromEntries(
      this.writable()
        .filter(
          ({ name }) =>
            !sameValue(this.values[name], base[name]) && !(isEmpty(this.values[name]) && isEmpty(base[name])),
        )
        .map(({ name }) => [name, this.values[name] ?? null]),
    );
  }
  protected setRecord(record?: RecordResponse): void {
    this.rec = record;
    this.values = { ...record?.values };
    this.errors = {};
    this.summary = [];
  }

  #onInput(event: Event): void {
    const field = event.target;
    if (!(field instanceof PorticoField) || !field.name) return;
    this.values = { ...this.values, [field.name]: field.value };
    if (field.name in this.errors) {
      const { [field.name]: _cleared, ...rest } = this.errors;
      this.errors = rest;
    }
    this.notice = '';
  }

  /** Runs a record action other than save (actions.ts). */
  async #act(action: ActionDefinition): Promise<void> {
    if (!this.waiting) await (await this.#attach(() => void this.#act(action)))?.actions.act(action);
  }

  /** Actions offered in this mode and the record's state (`when`); the server still decides. */
  #offered(): ActionDefinition[] {
    const mode = this.effectiveMode;
    return (this.def?.actions ?? []).filter(
      (action) =>
        (action.id === 'save' ? mode !== 'view' : mode !== 'create') &&
        (!action.when || test(action.when, this.rec?.values ?? {})),
    );
  }

  /**
   * What shows a field: its element, created once and kept so focus and typing survive renders; or,
   * where the user cannot change it — read-only, view mode, a record whose state does not offer save
   * (a closed case), a kind this widget does not know (a newer server) — its label and value as
   * text, formatted for the reader (values.ts `display`).
   */
  #field(field: FieldDefinition, lang: string): TemplateResult | PorticoField {
    const { name, kind } = field;
    const label = text(field.label, lang);
    const value = this.values[name];
    if (
      field.readOnly ||
      !customElements.get(fieldTag(kind)) ||
      this.effectiveMode === 'view' ||
      (!!this.rec && !this.#offered().some((action) => action.id === 'save'))
    )
      return html`<div part="value" class="ro">
        <span part="label">${label}</span>
        <span>${display(value, lang, field) || '—'}</span>
      </div>`;
    let element = this.fields.get(name);
    if (element?.localName !== fieldTag(kind)) {
      element = document.createElement(fieldTag(kind)) as PorticoField;
      this.fields.set(name, element);
    }
    const extended = element as PorticoField & { display?: string; targets?: string[]; formId?: string };
    Object.assign(extended, {
      id: name,
      name,
      label,
      help: text(field.help, lang),
      placeholder: text(field.placeholder, lang),
      required: field.required || (!!field.requiredWhen && test(field.requiredWhen, this.values)),
      maxlength: field.maxLength,
      pattern: field.pattern,
      min: field.minimum,
      max: field.maximum,
      // The same empty list on every render of a field without options (kept on its definition),
      // so a render that changes nothing else does not render the field again.
      options: (field.options ??= []),
      error: this.errors[name] ?? '',
      value: value ?? null,
      formId: this.form,
    });
    if (field.display) extended.display = field.display;
    if (field.targets) extended.targets = field.targets;
    return element;
  }

  protected override render(): TemplateResult {
    const lang = langOf(this);
    // The dialogs exist only when an offered action can open them: a create form does not render
    // them (and the assign dialog's owner picker) before its first input (scripts/bench/render.ts).
    // Below the buttons, from the form's chunk: their outcome, then the case conversation
    // (writes.ts).
    const actions = this.#offered();
    const writes = this.#writes;
    return html`<div part="base" class="base" aria-busy=${this.waiting}>
      ${this.#header(lang)} ${writes?.header(lang)} ${this.#problems(lang)}
      ${
        this.def && !this.gone
          ? html`<form
              part="form"
              novalidate
              @input=${this.#onInput}
              @submit=${(event: Event) => {
                event.preventDefault();
                void this.save();
              }}
            >
              ${this.#sections(lang)} ${this.#actions(lang, actions)}
            </form>`
          : nothing
      }
      ${writes?.below(lang)}
      ${actions.some((action) => action.id !== 'save') ? writes?.actions.render() : nothing}
    </div>`;
  }

  /** Title (unless the host hides it) and the loading message. */
  #header(lang: string): TemplateResult {
    const definition = this.def;
    const title = definition && !this.hideTitle && text(definition.title, lang);
    return html`${title ? html`<h2 part="title" aria-level=${this.headingLevel || nothing}>${title}</h2>` : nothing}
    ${this.waiting && !definition ? html`<p part="loading" role="status">${msg(lang, 'loading')}</p>` : nothing}`;
  }

  /**
   * What went wrong and what is pending: a failed load (the problems of a form on screen are shown
   * beside its buttons, save.ts) or, after a 412, what someone else changed with the choice of
   * versions (conflict.ts); the offer to restore unsent input from an earlier visit (draft.ts); the
   * problems of the last check, each linking to its field (save.ts).
   */
  #problems(lang: string): TemplateResult {
    const writes = this.#writes;
    return html`${this.def ? nothing : problemView(this.problem, lang)} ${writes?.conflict.render(lang)}
    ${writes?.offer(lang)} ${writes?.save.render(lang)}`;
  }

  /** One fieldset per section that has a field shown now: a grid of the section's columns. */
  #sections(lang: string): Array<TemplateResult | typeof nothing> {
    return (this.def?.sections ?? []).map((section) => {
      const fields = shownFields(section, this.values);
      return fields.length
        ? html`<fieldset part="section" class="g c${section.columns ?? 1}">
            ${section.label ? html`<legend part="section-label">${text(section.label, lang)}</legend>` : nothing}
            ${fields.map((field) => html`<div class="s${field.span ?? 1}">${this.#field(field, lang)}</div>`)}
          </fieldset>`
        : nothing;
    });
  }

  /**
   * The button row: save submits the form, every other action asks first. While a request is out
   * every button is inactive and the pressed one says what it is doing; its busy text is always
   * laid out under its label (hidden), so the button keeps its size.
   */
  #actions(lang: string, actions: ActionDefinition[]): TemplateResult {
    return html`<div part="actions" class="row">
      ${actions.map((action) => {
        const id = action.id;
        return html`<button
          part="action action-${id}"
          type=${id === 'save' ? 'submit' : 'button'}
          class="act ${id === 'save' ? 'primary' : id === 'delete' ? 'danger' : ''}"
          aria-disabled=${this.waiting}
          aria-busy=${this.pressed === id}
          data-busy=${msg(lang, id === 'save' ? 'saving' : 'working')}
          @click=${id === 'save' ? nothing : () => void this.#act(action)}
        >
          <span>${text(action.label, lang)}</span>
        </button>`;
      })}
    </div>`;
  }
}

define('portico-form', PorticoForm);

declare global {
  interface HTMLElementTagNameMap {
    'portico-form': PorticoForm;
  }
}
