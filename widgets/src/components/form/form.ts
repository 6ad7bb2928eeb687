import { html, nothing } from 'lit';
import type { PropertyDeclarations, PropertyValues, TemplateResult } from 'lit';
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
import { loadDialogs } from '../../internal/chunks.js';
import { reportError } from '../../internal/events.js';
import { langOf, msg, text } from '../../internal/i18n.js';
import { test } from '../../internal/condition.js';
import { PorticoField, fieldTag } from '../../internal/field.js';
import { isEmpty, sameValue } from '../../internal/values.js';
import { PorticoElement } from '../../internal/element.js';
import { loadWrites } from './chunk.js';
import { DraftController } from './draft.js';
import { retryable } from './host.js';
import type { FormHost, Problem } from './host.js';
import { LoadController } from './load.js';
import type { Writes } from './writes.js';
// The order of these imports is the bundle's module order, which the minifier's renaming follows;
// any order works, but the brotli size moves by tens of bytes with it (npm run size).
import '../text-field/text-field.js';
import '../email-field/email-field.js';
import '../datetime-field/datetime-field.js';
import '../url-field/url-field.js';
import '../decimal-field/decimal-field.js';
import '../integer-field/integer-field.js';
import '../textarea-field/textarea-field.js';
import '../date-field/date-field.js';
import '../phone-field/phone-field.js';
import '../boolean-field/boolean-field.js';
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
 * @tagname portico-form
 * @summary Create, edit or view one Contact or Case from an admin-defined form.
 * @event portico-submit - Before a save is sent; cancelable. Detail: `{ form, mode, recordId, values }`.
 * @event portico-saved - After the server accepted a save; cancel to skip `onSuccess.redirect`. Detail: `{ form, mode, record }`.
 * @event portico-error - A request failed (already shown to the user). Detail: `{ code, status, message, requestId }`.
 * @event portico-action - An action (delete, assign, resolve, cancel, reopen) succeeded. Detail: `{ action, id, form, record }`.
 * @csspart base - Wrapper of everything.
 * @csspart title - The form title.
 * @csspart loading - The loading message.
 * @csspart notice - Success and status messages.
 * @csspart problem - Load, network, busy, record-state and other error messages, with a retry button where one helps.
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
    def: { state: true },
    rec: { state: true },
    values: { state: true },
    errors: { state: true },
    summary: { state: true },
    busy: { state: true },
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

  // The state below is shared with the controllers (host.ts describes each); protected keeps it
  // out of the element's public surface.
  protected def?: FormDefinitionResponse;
  protected rec?: RecordResponse;
  protected values: RecordValues = {};
  protected errors: Record<string, string> = {};
  protected summary: Array<[string, string]> = [];
  protected busy = false;
  protected problem?: Problem;
  protected notice = '';
  protected gone = false;
  protected readonly fields = new Map<string, PorticoField>();

  /** This element as its controllers see it (host.ts). */
  #host = this as unknown as FormHost;
  #draft = new DraftController(this.#host);
  #load = new LoadController(this.#host, this.#draft, () =>
    Promise.all([loadDialogs(), this.#attach(() => void this.load())]),
  );
  /** The controllers of the form's chunk, once attached (`#attach`). */
  #writes?: Writes;

  // No form needs its chunk before the first input: it is asked for once the fields are on screen,
  // so its parsing does not delay them either, and is in long before a button can be pressed. (A
  // record form with actions has it already: its load waits for it, as the dialogs render from it.)
  protected override updated(changed: PropertyValues): void {
    if (changed.has('def') && this.def) void this.#attach(() => undefined);
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
      const { attach } = await loadWrites();
      if (!this.#writes) {
        this.#writes = attach(this.#host, this.#draft);
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
    if (!this.busy) await (await this.#attach(() => void this.#act(action)))?.actions.act(action);
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
   * The field element for a definition, created once and kept, so focus and typing survive renders.
   * A kind this widget does not know (a newer server) is shown read-only as text: the value stays
   * visible and is never sent back changed.
   */
  #field(field: FieldDefinition, lang: string): PorticoField {
    const known = !!customElements.get(fieldTag(field.kind));
    const tag = known ? fieldTag(field.kind) : 'portico-text-field';
    let element = this.fields.get(field.name);
    if (element?.localName !== tag) {
      element = document.createElement(tag) as PorticoField;
      this.fields.set(field.name, element);
    }
    const extended = element as PorticoField & { display?: string; targets?: string[]; formId?: string };
    Object.assign(extended, {
      id: field.name,
      name: field.name,
      label: text(field.label, lang),
      help: text(field.help, lang),
      placeholder: text(field.placeholder, lang),
      required: field.required || (!!field.requiredWhen && test(field.requiredWhen, this.values)),
      // A record whose state does not offer save (a closed case) is shown, not edited.
      readonly:
        field.readOnly ||
        !known ||
        this.effectiveMode === 'view' ||
        (!!this.rec && !this.#offered().some((action) => action.id === 'save')),
      maxlength: field.maxLength,
      min: field.minimum,
      max: field.maximum,
      options: field.options ?? [],
      error: this.errors[field.name] ?? '',
      value: this.values[field.name] ?? null,
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
    const actions = this.#offered();
    return html`<div part="base" class="base" aria-busy=${this.busy}>
      ${this.#header(lang)} ${this.#problems(lang)}
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
      ${actions.some((action) => action.id !== 'save') ? this.#writes?.actions.render() : nothing}
    </div>`;
  }

  /** Title, the loading message, and the notice after a save or action. */
  #header(lang: string): TemplateResult {
    const definition = this.def;
    return html`${definition ? html`<h2 part="title">${text(definition.title, lang)}</h2>` : nothing}
      ${this.busy && !definition ? html`<p part="loading" role="status">${msg(lang, 'loading')}</p>` : nothing}
      <div part="notice" class="notice" role="status">${this.notice || nothing}</div>`;
  }

  /**
   * What went wrong and what is pending: the last request's problem (with a retry where one helps)
   * or, after a 412, what someone else changed with the choice of versions (conflict.ts); the offer
   * to restore unsent input from an earlier visit (draft.ts); the problems of the last check, each
   * linking to its field (save.ts).
   */
  #problems(lang: string): TemplateResult {
    const problem = this.problem;
    return html`${
      problem && !problem.current
        ? html`<div part="problem" class="banner bad" role="alert">
            <p>${problem.text}</p>
            ${problem.retry ? html`<button @click=${problem.retry}>${msg(lang, 'retry')}</button>` : nothing}
          </div>`
        : nothing
    }
    ${this.#writes?.conflict.render(lang)} ${this.#draft.render(lang)} ${this.#writes?.save.render(lang)}`;
  }

  /** One fieldset per section that has a field shown now. */
  #sections(lang: string): Array<TemplateResult | typeof nothing> {
    return (this.def?.sections ?? []).map((section) => {
      const fields = shownFields(section, this.values);
      return fields.length
        ? html`<fieldset part="section">
            ${section.label ? html`<legend part="section-label">${text(section.label, lang)}</legend>` : nothing}
            ${fields.map((field) => this.#field(field, lang))}
          </fieldset>`
        : nothing;
    });
  }

  /** The button row: save submits the form, every other action asks first. */
  #actions(lang: string, actions: ActionDefinition[]): TemplateResult {
    return html`<div part="actions" class="row">
      ${actions.map(
        (action) =>
          html`<button
            part="action action-${action.id}"
            type=${action.id === 'save' ? 'submit' : 'button'}
            class=${action.id === 'save' ? 'primary' : action.id === 'delete' ? 'danger' : ''}
            aria-disabled=${this.busy}
            @click=${action.id === 'save' ? nothing : () => void this.#act(action)}
          >
            ${text(action.label, lang)}
          </button>`,
      )}
    </div>`;
  }
}

define('portico-form', PorticoForm);

declare global {
  interface HTMLElementTagNameMap {
    'portico-form': PorticoForm;
  }
}
